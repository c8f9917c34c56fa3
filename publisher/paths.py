"""Where publisher's own files are: importable without loading anything else.

The run-time assets (theme, fonts, deck template, large-print layout) are the package
``publisher.assets``: the checkout's top-level ``assets/`` folder, mapped into the package
by pyproject.toml, so an editable install, ``pip install .``, a wheel and pipx all find them.
A project's own theme overrides the packaged one (:data:`PROJECT_THEME`).
"""
from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def _assets_folder() -> Path:
    """The folder of ``publisher.assets``; in a checkout that is not installed, ``<checkout>/assets``."""
    try:
        spec = find_spec("publisher.assets")
    except ImportError:
        spec = None
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations))).resolve()
    return PACKAGE_DIR.parent / "assets"


ASSETS = _assets_folder()
DEFAULT_THEME = ASSETS / "theme.yaml"
#: A theme file at this path, relative to the folder publisher runs in (the project folder,
#: which holds ``content/`` and ``out/``), replaces the packaged theme for every release
#: that does not name its own with ``release.theme``.
PROJECT_THEME = Path("assets") / "theme.yaml"


def default_theme_path() -> Path:
    """The project's ``assets/theme.yaml`` (in the current folder) if there is one; else the packaged theme."""
    return PROJECT_THEME.resolve() if PROJECT_THEME.is_file() else DEFAULT_THEME
