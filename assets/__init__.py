"""publisher's run-time assets (theme, fonts, deck template, large-print layout).

In a checkout this is the top-level ``assets/`` folder; installed, it is the package
``publisher.assets`` (mapped in pyproject.toml), found with :mod:`importlib.resources`.
"""
