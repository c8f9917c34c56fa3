"""publisher installs like a real package: everything it needs at run time is in the wheel."""
from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile

import pytest

from conftest import ROOT


def test_every_package_of_the_checkout_is_listed_in_pyproject():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "publisher").rglob("__init__.py")}
    assert found | {"publisher.assets"} == listed


def test_assets_are_found_through_the_package():
    from publisher.paths import ASSETS, DEFAULT_THEME

    assert (ASSETS / "__init__.py").is_file() and DEFAULT_THEME.is_file()
    assert (ASSETS / "fonts" / "OFL.txt").is_file() and (ASSETS / "deck" / "briefing-16x9.pptx").is_file()


@pytest.mark.slow
def test_the_wheel_and_sdist_carry_the_assets_and_the_font_licence(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "build", "--outdir", str(tmp_path), str(ROOT)],
                          check=False, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    wheel = zipfile.ZipFile(next(tmp_path.glob("*.whl")))
    names = set(wheel.namelist())
    for asset in (ROOT / "assets").rglob("*"):
        if asset.is_file() and "__pycache__" not in asset.parts:
            assert "publisher/assets/" + asset.relative_to(ROOT / "assets").as_posix() in names, asset
    assert "publisher/templates/release.yaml" in names
    assert any(n.endswith(".dist-info/licenses/assets/fonts/OFL.txt") for n in names)
    import tarfile

    with tarfile.open(next(tmp_path.glob("*.tar.gz"))) as sdist:
        assert any(n.endswith("/assets/fonts/OFL.txt") for n in sdist.getnames())
