"""Translations: the words of a release in another language, in a companion file beside it.

A content file ``content/<slug>.yaml`` may have translations ``content/<slug>.<tag>.yaml``
(``operation-last-mile.es-US.yaml``; ``operation-last-mile.es.yaml`` when the tag in the name
is the primary subtag of the language the file declares). One file per language, because a
translator edits, reviews and signs off their language alone, and a change to it rebuilds
only its outputs; the original's file is never opened for editing by a translator.

A translation (:class:`publisher.model.Translation`) mirrors the content file part for part,
minus what is never translated: the figure registry's values and qualifiers, the dates, the
phone number. :func:`translate` lays its words over the original and gives a
:class:`~publisher.model.Release` like any other, with the translation's language, so every
renderer renders it unchanged and its figures are written by that language's formatter
(:mod:`publisher.phrases`). A translation that lacks a part of the original, has a part the
original has not, or whose text cites other figures or dates than the original's text in the
same place, is a content error located in the translation file.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from publisher.editions import split_name, translation_files
from publisher.errors import ContentError, Problem
from publisher.figures import references_in
from publisher.model import CURRENCY_CODES, Briefing, ListBlock, QuoteBlock, Release, Translation

Path_ = tuple[str | int, ...]
Locate = Callable[[Path_, str], Problem]


def load_release(path: str | Path) -> Any:
    """A content file and its translations (:func:`publisher.load.load`, then :func:`load_translations`)."""
    from publisher.load import load

    loaded = load(path)
    loaded.translations = load_translations(loaded)
    return loaded


def load_translations(original: Any) -> list[Any]:
    """Every translation of ``original`` (a :class:`publisher.load.Loaded`), loaded and checked.

    Raises :class:`ContentError` with every problem of every translation."""
    problems: list[Problem] = []
    loaded = []
    for path in translation_files(original.path):
        try:
            loaded.append(load_translation(path, original))
        except ContentError as exc:
            problems += exc.problems
    seen: dict[str, Any] = {}
    for one in loaded:
        language = one.release.language
        first = seen.setdefault(language.lower(), one)
        if first is not one:
            problems.append(one.problem(("release", "language"), f"'{language}' is translated twice: here and in "
                                                                 f"{first.path}; keep one of them"))
    if problems:
        raise ContentError(problems)
    return loaded


def load_translation(path: Path, original: Any) -> Any:
    """One translation file of ``original``, as a Loaded whose release is the translated release."""
    from publisher.drafts import draft_marks
    from publisher.load import Loaded, _locator, check_references, language_problem, parse_model
    from publisher.rules import check_rules

    name = str(path)
    words, text, positions = parse_model(path, Translation)
    locate = _locator(name, positions)
    problems = _language_problems(path, words.release.language, original.release.language, locate)
    unknown = None if problems else language_problem(words.release.language, locate)
    problems += [unknown] if unknown else []
    problems += missing_parts(original.release, words, locate, str(original.path))
    if problems:
        raise ContentError(problems)
    release = translate(original.release, words)
    errors, warnings = check_references(release, name, positions)
    loaded = Loaded(release, path, warnings, positions)
    errors += citations_differ(original.release, release, locate)
    errors += check_rules(release, loaded.problem)
    if errors:
        raise ContentError(errors)
    from publisher.briefing import check_briefing

    errors, more = check_briefing(release, locate)
    if errors:
        raise ContentError(errors)
    loaded.warnings = warnings + more
    loaded.draft_marks = draft_marks(release, text, positions.scalars, name, loaded.problem)
    loaded.edition = f"{original.slug}.{release.language}"
    return loaded


def _language_problems(path: Path, language: str, original: str, locate: Locate) -> list[Problem]:
    tag = (split_name(path) or ("", ""))[1]
    where = ("release", "language")
    if language.lower() == original.lower():
        return [locate(where, f"'{language}' is the original's language; a translation is into another one")]
    if not (language.lower() == tag.lower() or language.lower().startswith(tag.lower() + "-")):
        return [locate(where, f"the file name says '{tag}' but the translation declares '{language}': name the file "
                              f"{path.name.replace('.' + tag + '.', '.' + language + '.')} or declare a tag of '{tag}'")]
    return []


def translate(original: Release, words: Translation) -> Release:
    """``original`` in ``words``' language: its text replaced, its values, qualifiers and dates kept."""
    meta = original.release
    given = words.release
    release = meta.model_copy(update={
        "language": given.language, "title": given.title, "subtitle": given.subtitle, "agency": given.agency,
        "office": given.office, "leader": given.leader, "dateline": given.dateline,
        "release_type": given.release_type, "contact": meta.contact.model_copy(update={"office": given.contact.office}),
        "website": given.website or meta.website, "summary": given.summary, "keywords": list(given.keywords),
    })
    figures = {key: figure.model_copy(update={
        "unit": figure.unit if figure.unit in CURRENCY_CODES else words.figures[key].unit,
        "label": words.figures[key].label, "group": words.figures[key].group, "source": words.figures[key].source,
    }).in_language(given.language) for key, figure in original.figures.items()}
    quotes = {key: quote.model_copy(update={
        "text": words.quotes[key].text, "speaker": words.quotes[key].speaker or quote.speaker,
        "honorific": words.quotes[key].honorific, "role": words.quotes[key].role,
        "organisation": words.quotes[key].organisation,
    }) for key, quote in original.quotes.items()}
    links = [link.model_copy(update={"text": given_link.text, "url": given_link.url or link.url})
             for link, given_link in zip(original.links, words.links, strict=True)]
    return original.model_copy(update={
        "release": release, "figures": figures, "quotes": quotes, "lists": dict(words.lists),
        "sections": list(words.sections), "links": links, "briefing": words.briefing,
    })


def missing_parts(original: Release, words: Translation, locate: Locate, original_file: str) -> list[Problem]:
    """Where ``words`` does not have the parts of ``original``, part for part, located in the translation."""
    problems: list[Problem] = []

    def differ(path: Path_, ours: object, theirs: object, what: str) -> None:
        if (ours is None) != (theirs is None):
            if theirs is None:
                problems.append(locate(path, f"{what} is missing: the original ({original_file}) has one"))
            else:
                problems.append(locate(path, f"{what} is not in the original ({original_file}); remove it"))

    meta, given = original.release, words.release
    for name in ("subtitle", "leader"):
        differ(("release", name), getattr(meta, name), getattr(given, name), f"release.{name}")
    if bool(meta.keywords) != bool(given.keywords):
        differ(("release", "keywords"), meta.keywords or None, given.keywords or None, "release.keywords")
    _keys(problems, locate, "figures", original.figures, words.figures, original_file)
    for key, figure in original.figures.items():
        if key not in words.figures:
            continue
        given_figure = words.figures[key]
        money = figure.unit in CURRENCY_CODES
        if money and given_figure.unit is not None and given_figure.unit != figure.unit:
            problems.append(locate(("figures", key, "unit"), f"figure '{key}' is money ({figure.unit}): its currency "
                                                              "is the original's; leave 'unit' out"))
        if not money and given_figure.unit is None:
            problems.append(locate(("figures", key), f"figures.{key}.unit is missing: say what is counted "
                                                     f"('{figure.unit}' in the original)"))
        for name in ("group", "source"):
            differ(("figures", key, name), getattr(figure, name), getattr(given_figure, name), f"figures.{key}.{name}")
    _keys(problems, locate, "lists", original.lists, words.lists, original_file)
    for key, named in original.lists.items():
        if key in words.lists and len(words.lists[key].items) != len(named.items):
            problems.append(locate(("lists", key, "items"), f"lists.{key} has {len(words.lists[key].items)} items; "
                                                            f"the original has {len(named.items)}"))
    _keys(problems, locate, "quotes", original.quotes, words.quotes, original_file)
    for key, quote in original.quotes.items():
        if key in words.quotes:
            for name in ("honorific", "role", "organisation"):
                differ(("quotes", key, name), getattr(quote, name), getattr(words.quotes[key], name),
                       f"quotes.{key}.{name}")
    problems += _sections(original, words, locate, original_file)
    if len(words.links) != len(original.links):
        problems.append(locate(("links",), f"{len(words.links)} links; the original has {len(original.links)}, "
                                           "one translation for each, in order"))
    problems += _briefing(original.briefing, words.briefing, locate, original_file)
    return problems


def _keys(problems: list[Problem], locate: Locate, part: str, original: dict, given: dict, original_file: str) -> None:
    for key in original:
        if key not in given:
            problems.append(locate((part,), f"{part}.{key} is missing: the original ({original_file}) has it; "
                                            "translate it here"))
    for key in given:
        if key not in original:
            problems.append(locate((part, key), f"{part}.{key} is not in the original ({original_file}); "
                                                "a translation has the original's parts only"))


def _sections(original: Release, words: Translation, locate: Locate, original_file: str) -> list[Problem]:
    if len(words.sections) != len(original.sections):
        at = min(len(words.sections), len(original.sections))
        missing = original.sections[at].heading if len(words.sections) < len(original.sections) else None
        what = f" (the first missing: '{missing}')" if missing else ""
        return [locate(("sections",), f"{len(words.sections)} sections; the original ({original_file}) has "
                                      f"{len(original.sections)}{what}: translate every section, in order")]
    problems = []
    for i, (ours, theirs) in enumerate(zip(original.sections, words.sections, strict=True)):
        if (ours.heading is None) != (theirs.heading is None):
            state = "has a heading" if ours.heading else "has no heading"
            problems.append(locate(("sections", i), f"sections[{i}]: the original's section {state}"))
        if [_kind(b) for b in ours.blocks] != [_kind(b) for b in theirs.blocks]:
            expected = ", ".join(_kind(b) for b in ours.blocks)
            problems.append(locate(("sections", i, "blocks"), f"sections[{i}].blocks differ from the original's; "
                                                              f"it has, in order: {expected}"))
    return problems


def _kind(block: object) -> str:
    if isinstance(block, QuoteBlock):
        return f"quote {block.quote}"
    if isinstance(block, ListBlock):
        return f"list {block.list}"
    return "paragraph"


def _briefing(original: Briefing | None, given: Briefing | None, locate: Locate, original_file: str) -> list[Problem]:
    if original is None:
        return []
    if given is None:
        return [locate((), f"briefing is missing: the original ({original_file}) has key points or excerpts; "
                           "translate them (excerpts cut from this translation's quotes)")]
    problems = []
    if (original.key_points is None) != (given.key_points is None):
        state = "has" if original.key_points else "has no"
        problems.append(locate(("briefing",), f"briefing.key_points: the original {state} key points"))
    elif original.key_points and given.key_points and len(original.key_points) != len(given.key_points):
        problems.append(locate(("briefing", "key_points"), f"{len(given.key_points)} key points; the original has "
                                                           f"{len(original.key_points)}"))
    if set(original.excerpts) != set(given.excerpts):
        missing = sorted(set(original.excerpts) - set(given.excerpts))
        extra = sorted(set(given.excerpts) - set(original.excerpts))
        said = "; ".join(part for part in (missing and f"missing: {', '.join(missing)}",
                                           extra and f"not in the original: {', '.join(extra)}") if part)
        problems.append(locate(("briefing", "excerpts"), f"briefing.excerpts are for other quotes than the "
                                                         f"original's ({said})"))
    return problems


def citations_differ(original: Release, translated: Release, locate: Locate) -> list[Problem]:
    """Each text of the translation cites the figures and dates its original text cites, no more, no fewer."""
    from publisher.load import prose_fields

    cited = {path: set(references_in(text)) for path, text in prose_fields(original)}
    problems = []
    for path, text in prose_fields(translated):
        ours, theirs = cited.get(path, set()), set(references_in(text))
        if ours == theirs:
            continue
        dropped, added = sorted(ours - theirs), sorted(theirs - ours)
        said = "; ".join(part for part in (
            dropped and "drops " + ", ".join(f"{{{k}}}" for k in dropped) + " (write the reference, never the number)",
            added and "cites " + ", ".join(f"{{{k}}}" for k in added) + ", which the original does not cite here",
        ) if part)
        problems.append(locate(path, f"the translation {said}"))
    return problems
