"""Format options: declared by each format's spec, made into flags, recorded, reused by preview."""
import json
from dataclasses import dataclass
from typing import Literal

import pytest

from conftest import RELEASE
from publisher import formats
from publisher.build import format_options
from publisher.manifest import read_manifest
from publisher.spec import OptionError, Options, option
from publisher.spec.braille import BrailleOptions
from publisher.spec.factsheet import FactSheetOptions


@dataclass(frozen=True)
class Sample(Options):
    size: Literal["small", "large"] = option("small", "How big.")
    copies: int = option(1, "How many.")
    ruled: bool = option(False, "Whether ruled.", flag="--ruled")


def test_options_take_their_defaults_and_refuse_what_their_types_do_not_allow():
    assert Sample().as_dict() == {"size": "small", "copies": 1, "ruled": False}
    assert Sample.from_dict({"size": "large"}).size == "large"
    for bad in ({"size": "huge"}, {"copies": "two"}, {"copies": True}, {"ruled": "yes"}, {"colour": "red"}):
        with pytest.raises(OptionError):
            Sample.from_dict(bad)


def test_every_field_is_described_for_the_command_line():
    fields = {f.name: f for f in Sample.fields()}
    assert fields["size"].kind == ("small", "large") and fields["copies"].kind is int
    assert fields["ruled"].flag == "--ruled" and fields["size"].help == "How big."
    assert not any(f.build_wide for f in fields.values())


def test_the_flags_come_from_the_formats_option_classes(cli):
    listing = cli("formats").output
    assert "--paper [letter|a4] (default letter)" in listing
    assert "--braille-grade [contracted|uncontracted] (default contracted)" in listing
    help_text = cli("build", "--help").output
    assert "--paper [letter|a4]" in help_text and "--braille-grade" in help_text
    assert cli("build", RELEASE, "--paper", "legal").exit_code == 2


def test_each_output_records_the_options_it_was_built_with(cli, tmp_path):
    assert cli("build", RELEASE, "--out", tmp_path, "-f", "factsheet", "-f", "text", "--paper", "a4").exit_code == 0
    manifest = read_manifest(tmp_path / RELEASE.stem)
    assert manifest.outputs["factsheet"].options == {"paper": "a4"}
    assert manifest.outputs["text"].options == {}
    recorded = json.loads((tmp_path / RELEASE.stem / "manifest.json").read_text())
    assert recorded["outputs"]["factsheet"]["options"] == {"paper": "a4"}


def test_recorded_options_are_reused_only_when_asked_and_given_ones_win(cli, tmp_path):
    cli("build", RELEASE, "--out", tmp_path, "-f", "factsheet", "--paper", "a4")
    previous = read_manifest(tmp_path / RELEASE.stem)
    assert format_options("factsheet", None, previous) == FactSheetOptions()
    assert format_options("factsheet", None, previous, recorded=True) == FactSheetOptions(paper="a4")
    assert format_options("factsheet", {"factsheet": {"paper": "letter"}}, previous, recorded=True).paper == "letter"
    assert format_options("braille", None, previous, recorded=True) == BrailleOptions()


def test_a_record_this_version_does_not_accept_is_left_aside(cli, tmp_path):
    cli("build", RELEASE, "--out", tmp_path, "-f", "factsheet")
    previous = read_manifest(tmp_path / RELEASE.stem)
    previous.outputs["factsheet"].options = {"page_size": "a4"}
    assert format_options("factsheet", None, previous, recorded=True) == FactSheetOptions()


def test_a_format_without_options_of_its_own_takes_the_build_wide_ones():
    assert formats.get("text").options is Options
    assert all(issubclass(fmt.options, Options) for fmt in formats.all_formats().values())
