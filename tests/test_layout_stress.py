"""Layout stress: the longest title, heading, quote, paragraph and figure label the content
format accepts render in every format without overflow (the audits check boxes, margins and
sizes on the files), continuing on new slides or pages instead of shrinking."""
from __future__ import annotations

import yaml

from conftest import FIXTURES
from publisher import formats as registry
from publisher.build import build_release
from publisher.model import MAX_HEADING, MAX_LABEL, MAX_PARAGRAPH, MAX_QUOTE, MAX_TITLE, MAX_WORD


def words_of(length: int, word: str = "Accessibility") -> str:
    text = " ".join([word] * (length // (len(word) + 1) + 1))
    return text[:length].rstrip()


def test_longest_accepted_values_build_and_check_clean_in_every_format(tmp_path):
    data = yaml.safe_load((FIXTURES / "base.yaml").read_text())
    data["release"]["title"] = words_of(MAX_TITLE)
    data["release"]["subtitle"] = words_of(MAX_TITLE, "Subtitles")
    data["figures"]["books"]["label"] = words_of(MAX_LABEL, "Labelled")
    data["figures"]["budget"]["value"] = 999_999_999_999_999
    data["quotes"]["mayor"]["text"] = words_of(MAX_QUOTE, "Quotation")
    data["sections"][0]["heading"] = words_of(MAX_HEADING, "Headings")
    data["sections"][0]["blocks"].append(words_of(MAX_PARAGRAPH - 20, "Paragraphs") + " {books}.")
    data["lists"]["services"]["items"] = ["W" * MAX_WORD] + [words_of(200, "Item")] * 30
    path = tmp_path / "stress.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = build_release(path, tmp_path / "out", registry.names(), force=True)
    assert not result.problems, list(map(str, result.problems))
    assert not result.failures, result.failures
    errors = [f for f in result.findings if f.severity == "error"]
    assert not errors, "\n".join(map(str, errors))
    assert len(result.written) == len(registry.all_formats())
