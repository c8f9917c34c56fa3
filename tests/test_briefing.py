"""The `briefing` part: key points and pull-quotes, checked like figures; the defaults."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, run_publisher
from publisher.briefing import (
    briefing_for,
    default_excerpt,
    excerpt_difference,
    word_count,
)
from publisher.draft import import_draft
from publisher.figures import reference_texts
from publisher.model import MAX_EXCERPT_WORDS, MAX_KEY_POINT_WORDS

GARCIA = ("As our communities continue to grapple with drug poisonings, the sales of illicit drugs, and the "
          "violence that so often accompanies these crimes, our local, state, and federal partnerships have "
          "never been more important. Working together and towards the same goal has paid dividends.")
MILGRAM = ("What is also alarming—American social media platforms are the means by which they do so. "
           "The Cartels’ product kills Americans.")


def test_the_worked_example_has_five_short_key_points_and_a_faithful_pull_quote_per_quote(release):
    texts = reference_texts(release)
    briefing = briefing_for(release)
    assert briefing.key_points_given and len(briefing.key_points) == 5
    assert all(word_count(p, texts) <= MAX_KEY_POINT_WORDS for p in briefing.key_points)
    assert list(briefing.excerpts) == [key for key, _ in release.quotes_in_order()]
    assert briefing.excerpts_given == set(release.quotes)
    for key, excerpt in briefing.excerpts.items():
        assert excerpt_difference(excerpt, release.quotes[key].text) is None
        assert word_count(excerpt, texts) <= MAX_EXCERPT_WORDS


@pytest.mark.parametrize("excerpt", [
    "…our local, state, and federal partnerships have never been more important.",
    "...our local, state, and federal partnerships have never been more important",  # the full stop dropped
    "Our local, state, and federal partnerships have never been more important.",  # ... after a leading ellipsis
    ("As our communities continue to grapple with drug poisonings… our local, state, and federal partnerships "
     "have never been more important."),
    "Working together and towards the same goal has paid dividends.",  # a whole later sentence
    "As our communities continue to grapple with drug poisonings...",
])
def test_faithful_excerpts(excerpt):
    if excerpt.startswith("Our"):
        excerpt = "…" + excerpt
    assert excerpt_difference(excerpt, GARCIA) is None


@pytest.mark.parametrize("excerpt, message, word", [
    ("…our local and federal partnerships have never been more important.",
     "leaves out 'state' before 'and' without an ellipsis", "and"),
    ("…our local, state, and federal partnerships have always been important.",
     "has 'always' where the quote has 'never'", "always"),
    ("…our local, state, and federal partnerships have never been more Important.",
     "has 'Important' where the quote has 'important'", "Important"),
    ("our local, state, and federal partnerships have never been more important.",
     "starts inside a sentence of the quote", "our"),
    ("As our communities continue to grapple with drug poisonings",
     "stops inside a sentence of the quote", "poisonings"),
    ("As our communities continue to grapple… with drug poisonings…",
     "has an ellipsis before 'with' where the quote leaves nothing out", "with"),
    ("…partnerships have never been more important… As our communities continue…",
     "'As' is out of the quote's order", "As"),
    ("…our local, state, and federal partnerships have never been more important!",
     "has '!' next to 'important' where the quote has '.'", "important"),
    ("…our brave local, state, and federal partnerships…", "adds 'brave' before 'local'", "brave"),
    ("…our local, state, and federal partnerships… Truly working together…",
     "'Truly' is not a word of the quote", "Truly"),
    ("…partnerships have never been so important.", "has 'so' where the quote has 'more'", "so"),
])
def test_unfaithful_excerpts_say_which_word_differs(excerpt, message, word):
    problem = excerpt_difference(excerpt, GARCIA)
    assert problem is not None and message in problem[0] and problem[1] == word


def test_typographic_and_straight_apostrophes_and_quotation_marks_are_the_same():
    assert excerpt_difference("…The Cartels' product kills Americans.", MILGRAM) is None
    assert excerpt_difference("What is also alarming—American social media platforms are the means…", MILGRAM) is None
    assert excerpt_difference("What is also alarming, American social media platforms are the means…", MILGRAM)


def test_default_key_points_are_the_short_sentences_of_the_summary(release):
    bare = release.model_copy(update={"briefing": None})
    briefing = briefing_for(bare)
    assert not briefing.key_points_given and not briefing.excerpts_given
    # the worked example's first summary sentence has 50 words: left out, never cut
    assert briefing.key_points == ("Social media and encrypted platforms featured in {platform_cases}.",)


def test_default_excerpts_are_the_first_short_sentence_else_the_first_cut_at_a_clause(release):
    texts = reference_texts(release)
    bare = briefing_for(release.model_copy(update={"briefing": None}))
    assert bare.excerpts["milgram"] == "What is also alarming—American social media platforms are the means by which they do so."
    long = ("We are proud of the work done by our officers across the region in the last year, which brought "
            "dozens of cases before the courts and gave families in every one of our towns some peace and a chance "
            "to heal after a very hard time.")
    cut = default_excerpt(long, texts)
    assert cut == "We are proud of the work done by our officers across the region in the last year…"
    assert excerpt_difference(cut, long) is None


words = st.sampled_from(["the", "cartels", "use", "{money}", "networks", "state/local", "U.S.", "year-long", "it’s"])
marks = st.sampled_from([" ", " ", " ", ", ", ". ", "—", "; ", ": ", "! "])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(words, marks), min_size=1, max_size=80))
def test_any_default_excerpt_is_faithful_and_short(pieces):
    quote = "".join(w + m for w, m in pieces).strip()
    texts = {"money": "more than $100 million"}
    excerpt = default_excerpt(quote, texts)
    assert excerpt_difference(excerpt, quote) is None
    first_word = next(w for w, _ in pieces)
    assert word_count(excerpt, texts) <= max(MAX_EXCERPT_WORDS, word_count(first_word, texts))


def _with_briefing(write_content, briefing: dict, quotes: dict | None = None):
    def change(data):
        data["quotes"] = quotes or {"mayor": {"text": GARCIA, "speaker": "Ana Diaz"}}
        data["sections"][0]["blocks"].append({"quote": "mayor"})
        data["briefing"] = briefing
    return write_content(change=change)


def test_an_excerpt_that_changes_a_word_is_a_located_content_error(write_content):
    path = _with_briefing(write_content, {"excerpts": {"mayor": "…our local, state, and federal partnerships "
                                                                  "have always been important."}})
    result = run_publisher("validate", path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "always" in text)
    column = path.read_text().splitlines()[line - 1].index("always") + 1
    assert f"{path}:{line}:{column}: briefing.excerpts.mayor: not a faithful excerpt of quote 'mayor': it has " \
           "'always' where the quote has 'never'" in result.stderr
    build = run_publisher("build", path, "--out", path.parent / "out")
    assert build.returncode == 2 and not (path.parent / "out" / path.stem).exists()


@pytest.mark.parametrize("briefing, message", [
    ({"key_points": ["One.", "Two."]}, "List should have at least 3 items"),
    ({"key_points": ["One.", "Two.", "Three.", "Four.", "Five.", "Six."]}, "at most 5 items"),
    ({"key_points": ["Point one.", "Point two.", " ".join(["word"] * 19) + " {books}."]},
     "a key point of 23 words; at most 20"),
    ({"key_points": ["Point one.", "Point two.", "We opened 3 branches."]}, "number '3' typed into prose"),
    ({"excerpts": {"mayr": "Working together and towards the same goal has paid dividends."}},
     "unknown quote 'mayr'; did you mean 'mayor'?"),
    ({"excerpts": {"mayor": GARCIA}}, "a pull-quote of 44 words; at most 30"),
    ({"points": []}, "unknown field 'points'"),
])
def test_briefing_rules_are_content_errors(write_content, briefing, message):
    result = run_publisher("validate", _with_briefing(write_content, briefing))
    assert result.returncode == 2 and message in result.stderr, result.stderr


def test_import_drafts_a_briefing_marked_todo(tmp_path):
    text = import_draft(FIXTURES / "operation-last-mile-release.txt")
    part = text[text.index("\nbriefing:"):]
    assert "# TODO: write `key_points:`" in text[:text.index("\nbriefing:") + 1] + part
    assert "# TODO: each quote's first short sentence" in part
    assert "milgram: >-\n      What is also alarming—American social media platforms" in part
    path = tmp_path / "draft.yaml"
    path.write_text(text, encoding="utf-8")
    assert run_publisher("validate", "--draft", path).returncode == 0  # valid, and a draft until its TODOs go
    assert run_publisher("validate", path).returncode == 2


def test_a_default_excerpt_never_is_a_sentence_of_punctuation_alone():
    from publisher.briefing import default_excerpt

    assert default_excerpt(". More than {money}.", {"money": "$100 million"}) == "More than {money}."


def test_sentences_are_not_cut_inside_an_identifier():
    """Regression (property test): 'Pub. L. 117-328' ended a default key point at 'Pub.', and
    the deck showed '117-328' as two unregistered numbers."""
    from publisher.sentences import split_sentences

    assert split_sentences("The act is Pub. L. 117-328. It passed.") == ["The act is Pub. L. 117-328.", "It passed."]
    assert split_sentences("Write to P.O. Box 1234 today. Dr. Lee reads it.") == [
        "Write to P.O. Box 1234 today.", "Dr. Lee reads it."]


def test_a_default_excerpt_is_not_cut_inside_an_identifier():
    """Regression (property test): a 30-word cut fell inside 'Case No. 1:23-cr-00456'."""
    from publisher.briefing import default_excerpt

    quote = " ".join(["word"] * 27) + " in Case No. 1:23-cr-00456 and more words after it"
    excerpt = default_excerpt(quote, {})
    assert "Case No." not in excerpt or "Case No. 1:23-cr-00456" in excerpt
    assert excerpt.endswith("…")
