"""The briefing of a release: the points to make and the pull-quotes, given or by default.

:func:`briefing_for` is what the deck planner calls; :func:`excerpt_difference` is the one
rule that a pull-quote is faithful to its quote, used by the loader on what an author wrote
and on every default made here.

The fidelity rule, word by word (words are letters and digits, with apostrophes, hyphens,
slashes and periods inside them; a ``{key}`` is one word):

- the excerpt's words are the quote's words, in order; where words are left out, the
  excerpt has an ellipsis ("..." or "…") and an ellipsis stands only where words are left out;
- an excerpt that starts (ends) inside a sentence of the quote starts (ends) with an ellipsis;
- the first letter of the first word after a cut (the excerpt's start or an ellipsis) may
  change case; no other letter may;
- punctuation between two kept words is the quote's; next to a cut it may be dropped, never added;
- straight and typographic quotation marks and apostrophes are the same character.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from publisher.errors import Problem
from publisher.figures import reference_texts
from publisher.model import KEY_POINTS, MAX_EXCERPT_WORDS, MAX_KEY_POINT_WORDS, Release
from publisher.sentences import split_sentences

_TOKEN = re.compile(r"\{[^{}]*\}|\.\.\.|…|[^\W_](?:[\w’'./-]*[^\W_])?|\S", re.UNICODE)
_SAME = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
_SENTENCE_END = frozenset(".!?")
_CLAUSE_END = frozenset(",;:—–")
ELLIPSIS = "…"


@dataclass(frozen=True)
class _Token:
    kind: str  #: "word", "ellipsis" or "mark"
    text: str
    start: int
    end: int


def _tokens(text: str) -> list[_Token]:
    out = []
    for m in _TOKEN.finditer(text):
        t = m.group()
        kind = "ellipsis" if t in ("...", "…") else ("word" if t[0] == "{" or t[0].isalnum() else "mark")
        out.append(_Token(kind, t, m.start(), m.end()))
    return out


def word_count(text: str, texts: dict[str, str]) -> int:
    """Words as a reader sees them: a cited figure or date counts the words of its text."""
    count = 0
    for token in _tokens(text):
        if token.kind == "word":
            count += len(texts.get(token.text[1:-1].strip(), "x").split()) if token.text[0] == "{" else 1
    return count


@dataclass(frozen=True)
class _Quote:
    """A quote's tokens indexed by word: its words, the marks around each, sentence bounds."""

    words: list[_Token]
    marks_before: list[list[str]]  #: marks between word i-1 and word i
    marks_after_last: list[str]
    starts: frozenset[int]  #: indices of words that open a sentence
    ends: frozenset[int]  #: indices of words that close one

    @classmethod
    def of(cls, text: str) -> _Quote:
        words: list[_Token] = []
        before: list[list[str]] = []
        pending: list[str] = []
        for token in _tokens(text):
            if token.kind == "word":
                words.append(token)
                before.append(pending)
                pending = []
            else:
                pending.append(token.text.translate(_SAME))
        starts = {0} | {i for i in range(1, len(words)) if _SENTENCE_END & set("".join(before[i]))}
        ends = {i - 1 for i in starts if i} | {len(words) - 1}
        return cls(words, before, pending, frozenset(starts), frozenset(ends))

    def marks_after(self, i: int) -> list[str]:
        return self.marks_before[i + 1] if i + 1 < len(self.words) else self.marks_after_last


def _same_word(excerpt: str, quote: str, first: bool) -> bool:
    a, b = excerpt.translate(_SAME), quote.translate(_SAME)
    if first:
        return a[:1].lower() == b[:1].lower() and a[1:] == b[1:]
    return a == b


def _segments(tokens: list[_Token]) -> tuple[list[list[_Token]], bool, bool]:
    """The excerpt's runs of kept text between ellipses; whether it opens and closes with one."""
    segments: list[list[_Token]] = [[]]
    for token in tokens:
        if token.kind == "ellipsis":
            if segments[-1]:
                segments.append([])
        else:
            segments[-1].append(token)
    if not segments[-1]:
        segments.pop()
    kept = [t for t in tokens if t.kind != "mark"]
    opens = bool(kept) and kept[0].kind == "ellipsis"
    closes = bool(kept) and kept[-1].kind == "ellipsis"
    return segments, opens, closes


def excerpt_difference(excerpt: str, quote: str) -> tuple[str, str] | None:
    """Why ``excerpt`` is not a faithful excerpt of ``quote``, and the excerpt's word it is
    about; None when it is faithful (see the module's rule)."""
    if " ".join(excerpt.split()).translate(_SAME) == " ".join(quote.split()).translate(_SAME):
        return None  # the whole quote
    q = _Quote.of(quote)
    segments, opens, closes = _segments(_tokens(excerpt))
    if not segments:
        return ("holds no words of the quote", excerpt)
    at = 0  #: the first quote word the next segment may use
    previous_end = first = -1
    for n, segment in enumerate(segments):
        words = [t for t in segment if t.kind == "word"]
        if not words:
            return ("has punctuation between ellipses but no words", segment[0].text)
        start, problem = _find(q, words, at, previous_end)
        if problem:
            return problem
        end = start + len(words) - 1
        if n and start == previous_end + 1:
            return (f"has an ellipsis before '{words[0].text}' where the quote leaves nothing out", words[0].text)
        problem = _marks(q, segment, start)
        if problem:
            return problem
        previous_end, at = end, end + 1
        if n == 0:
            first = start
    if first == 0 and opens:
        return ("opens with an ellipsis, but the quote begins with these words", segments[0][0].text)
    if first not in q.starts and not opens:
        return (f"starts inside a sentence of the quote ('{segments[0][0].text}'): begin it with an ellipsis",
                segments[0][0].text)
    last_word = [t for t in segments[-1] if t.kind == "word"][-1]
    if previous_end == len(q.words) - 1 and closes:
        return ("closes with an ellipsis, but the quote ends with these words", last_word.text)
    if previous_end not in q.ends and not closes:
        return (f"stops inside a sentence of the quote (after '{last_word.text}'): end it with an ellipsis",
                last_word.text)
    return None


def _find(q: _Quote, words: list[_Token], at: int, previous_end: int) -> tuple[int, tuple[str, str] | None]:
    """Where the run ``words`` stands in the quote from word ``at`` on; else the best explanation."""
    best, best_at = -1, at
    for i in range(at, len(q.words)):
        k = 0
        while k < len(words) and i + k < len(q.words) and _same_word(words[k].text, q.words[i + k].text, k == 0):
            k += 1
        if k == len(words):
            return i, None
        added = 0 < k < len(words) - 1 and i + k < len(q.words) and _same_word(
            words[k + 1].text, q.words[i + k].text, False)
        if added:
            return -1, (f"adds '{words[k].text}' before '{words[k + 1].text}'", words[k].text)
        if k > best:
            best, best_at = k, i
    if best <= 0:
        word = words[0].text
        earlier = any(_same_word(word, w.text, True) for w in q.words[:at])
        if earlier:
            return -1, (f"'{word}' is out of the quote's order", word)
        near = difflib.get_close_matches(word, [w.text for w in q.words[at:]], n=1, cutoff=0.75)
        hint = f" (the quote has '{near[0]}')" if near else ""
        return -1, (f"'{word}' is not a word of the quote{hint}", word)
    word = words[best].text
    position = best_at + best
    if position >= len(q.words):
        return -1, (f"'{word}' goes past the end of the quote", word)
    later = next((j for j in range(position + 1, len(q.words)) if _same_word(word, q.words[j].text, False)), None)
    if later is not None:
        left_out = " ".join(w.text for w in q.words[position:later])
        return -1, (f"leaves out '{left_out}' before '{word}' without an ellipsis ('...')", word)
    return -1, (f"has '{word}' where the quote has '{q.words[position].text}'", word)


def _marks(q: _Quote, segment: list[_Token], start: int) -> tuple[str, str] | None:
    """Punctuation of a kept run: the quote's between its words, a part of it at its edges."""
    index = start - 1
    pending: list[str] = []
    leading = True
    for token in segment + [_Token("word", "", 0, 0)]:
        if token.kind != "word":
            pending.append(token.text.translate(_SAME))
            continue
        is_end = token.text == ""
        if leading:
            quote_marks = q.marks_before[start]
            ok = quote_marks[len(quote_marks) - len(pending):] == pending if pending else True
        elif is_end:
            quote_marks = q.marks_after(index)
            ok = quote_marks[:len(pending)] == pending
        else:
            quote_marks = q.marks_before[index + 1]
            ok = quote_marks == pending
        if not ok:
            near = q.words[min(max(index, 0), len(q.words) - 1)].text
            shown = "".join(pending) or "no punctuation"
            wanted = "".join(quote_marks) or "none"
            return (f"has '{shown}' next to '{near}' where the quote has '{wanted}'", near)
        pending = []
        leading = False
        index += 1
    return None


def default_excerpt(quote: str, texts: dict[str, str]) -> str:
    """The quote's first sentence of at most ``MAX_EXCERPT_WORDS`` words (a whole sentence
    needs no cut); when every sentence is longer, the first one cut at its last clause
    boundary that keeps it short enough (else between words), closed by an ellipsis.
    Always a faithful excerpt: it is checked by :func:`excerpt_difference`."""
    if not any(token.kind == "word" for token in _tokens(quote)):
        return quote  # nothing to cut
    sentences = [s for s in split_sentences(quote) if any(token.kind == "word" for token in _tokens(s))] or [quote]
    chosen = next((s for s in sentences if word_count(s, texts) <= MAX_EXCERPT_WORDS), None)
    if chosen is None:
        chosen = _cut(sentences[0], texts) + ELLIPSIS
    problem = excerpt_difference(chosen, quote)
    if problem:
        raise AssertionError(f"the default excerpt {chosen!r} is not faithful: {problem[0]}")
    return chosen


def _cut(sentence: str, texts: dict[str, str]) -> str:
    """The longest start of ``sentence`` of at most ``MAX_EXCERPT_WORDS`` words ending at a
    clause boundary (after at least eight words), else at a word; never inside an identifier
    ('Case No. 1:23-cr-00456' stays whole or goes)."""
    from publisher.identifiers import read

    held = [(found.start, found.end) for found in read(sentence).identifiers]
    tokens = _tokens(sentence)
    cut = clause_cut = words = 0
    for i, token in enumerate(tokens):
        if token.kind != "word":
            continue
        words += word_count(token.text, texts)
        if words > MAX_EXCERPT_WORDS and cut:
            break
        if any(a < token.end < b for a, b in held):
            continue  # not a place to cut
        cut = token.end
        following = tokens[i + 1].text if i + 1 < len(tokens) else ""
        if following in _CLAUSE_END and words >= 8:
            clause_cut = token.end
    return sentence[:clause_cut or cut].rstrip()


@dataclass(frozen=True)
class BriefingContent:
    """A release's briefing, every part filled: what the deck planner lays out.

    Texts are prose as written (``{key}`` references unresolved)."""

    key_points: tuple[str, ...]
    key_points_given: bool  #: False: the default, from the summary
    excerpts: dict[str, str]  #: every quote key (in the order the body cites them) -> pull-quote
    excerpts_given: frozenset[str]  #: the quote keys whose excerpt the author wrote


def default_key_points(release: Release, texts: dict[str, str]) -> tuple[str, ...]:
    """The summary's sentences of at most ``MAX_KEY_POINT_WORDS`` words, at most five; a longer
    sentence is left out (never cut: a key point is a whole sentence)."""
    sentences = split_sentences(release.release.summary)
    short = [s for s in sentences if word_count(s, texts) <= MAX_KEY_POINT_WORDS]
    return tuple(short[:KEY_POINTS[1]])


def briefing_for(release: Release) -> BriefingContent:
    """The key points and pull-quotes of ``release``: the author's where given, else the defaults."""
    texts = reference_texts(release)
    given = release.briefing
    points = tuple(given.key_points) if given and given.key_points else None
    written = given.excerpts if given else {}
    excerpts = {key: written.get(key) or default_excerpt(quote.text, texts)
                for key, quote in release.quotes_in_order()}
    return BriefingContent(points or default_key_points(release, texts), points is not None, excerpts,
                           frozenset(k for k in written if k in release.quotes))


def word_limits(language: str) -> tuple[int, int]:
    """The most words of a key point and of a pull-quote in ``language``: the English limits
    times the language's allowance (Spanish and French say the same in about a fifth more words)."""
    from publisher.phrases import phrases_for

    allowance = phrases_for(language).data.word_allowance
    return int(MAX_KEY_POINT_WORDS * allowance), int(MAX_EXCERPT_WORDS * allowance)


def check_briefing(release: Release, locate) -> tuple[list[Problem], list[Problem]]:
    """Errors (word limits, unknown quotes, unfaithful excerpts) and warnings of the briefing.

    ``locate(path, message, severity="error", needle=None)`` makes a located Problem."""
    texts = reference_texts(release)
    errors: list[Problem] = []
    warnings: list[Problem] = []
    given = release.briefing
    most_point, most_excerpt = word_limits(release.language)
    for i, point in enumerate((given.key_points or []) if given else []):
        words = word_count(point, texts)
        if words > most_point:
            errors.append(locate(("briefing", "key_points", i),
                                 f"a key point of {words} words; at most {most_point} (shorten it or split it)"))
    for key, excerpt in (given.excerpts if given else {}).items():
        path = ("briefing", "excerpts", key)
        quote = release.quotes.get(key)
        if quote is None:
            near = difflib.get_close_matches(key, list(release.quotes), n=1)
            errors.append(locate(path, f"unknown quote '{key}'" + (f"; did you mean '{near[0]}'?" if near else "")))
            continue
        problem = excerpt_difference(excerpt, quote.text)
        if problem:
            errors.append(locate(path, f"not a faithful excerpt of quote '{key}': it {problem[0]}", needle=problem[1]))
            continue
        words = word_count(excerpt, texts)
        if words > most_excerpt:
            errors.append(locate(path, f"a pull-quote of {words} words; at most {most_excerpt}: leave out "
                                       "more, marking each cut with an ellipsis"))
    if not (given and given.key_points) and not default_key_points(release, texts):
        warnings.append(locate(("release", "summary"), "no sentence of the summary has at most "
                               f"{MAX_KEY_POINT_WORDS} words, so the deck has no key points: write "
                               "briefing.key_points", "warning"))
    return errors, warnings
