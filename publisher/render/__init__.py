"""Renderers: one module (or package) per format, each exposing::

    def render(release: Release, theme: Theme, options: Options) -> bytes

The contract, and where each format's entry is, are in :mod:`publisher.spec`; the registry
is :mod:`publisher.formats`. A renderer imports its format's spec, never an audit.
"""
