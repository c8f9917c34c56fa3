"""Where publisher's own files are: importable without loading anything else."""
from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
ASSETS = PACKAGE_DIR.parent / "assets"
DEFAULT_THEME = ASSETS / "theme.yaml"
