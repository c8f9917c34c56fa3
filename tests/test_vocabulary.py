"""One vocabulary of vague link texts for every audit."""
import pytest

from publisher.audit import text as text_audit
from publisher.audit.vocabulary import VAGUE_LINK_TEXTS, vague_link


@pytest.mark.parametrize("text", sorted(VAGUE_LINK_TEXTS) + ["Click here.", "MORE!", "https://example.gov", ""])
def test_vague_link_texts_are_refused(text):
    assert vague_link(text)


@pytest.mark.parametrize("text", ["Library opening hours", "The full plans (PDF)", "Here is the indictment"])
def test_descriptive_link_texts_pass(text):
    assert not vague_link(text)


@pytest.mark.parametrize("text", sorted(VAGUE_LINK_TEXTS))
def test_the_text_audit_uses_the_same_list(tmp_path, text):
    path = tmp_path / "t.txt"
    path.write_text(f"Title\n=====\n\n- {text}: https://example.gov\n")
    assert "text.link-text" in {f.rule for f in text_audit.audit(path)}
