"""What every output of a release must say: each figure's one text, each identifier of the
prose in its context, and the other texts whose digits it may show (dates, the phone number,
addresses, source notes).

Written into the manifest by the build and read back by the check, which reconciles every
output's text against it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from publisher.figures import Resolver, date_text, figure_text
from publisher.identifiers import Anchored, anchored
from publisher.manifest import Manifest
from publisher.model import Release


def declared_texts(release: Release) -> list[str]:
    """Texts with digits that outputs may show besides figures and dates."""
    meta = release.meta
    declared = [meta.contact.phone, date_text(meta.date, release.language), meta.website]
    declared += [link.url for link in release.links]
    declared += [fig.source for fig in release.figures.values() if fig.source]
    if meta.contact.email:
        declared.append(meta.contact.email)
    return declared


def declared_identifiers(release: Release) -> list[Anchored]:
    """The identifiers of the release's prose ("COVID-19", "555-014-2200"), written as typed,
    each with the words around it: every output that shows those words must show it exactly."""
    from publisher.load import dotted, prose_fields

    resolve = Resolver(release)
    fields = ((dotted(path), text) for path, text in prose_fields(release))
    return anchored(fields, resolve, resolve.vocabulary, resolve.units)


@dataclass(frozen=True)
class Expectations:
    """What the outputs must say: figure texts, identifiers in their context, and the other
    texts whose digits are allowed (identifiers' among them)."""

    figures: dict[str, str]
    allowed: tuple[str, ...]
    draft: bool | None = None  #: built with --draft (the marks must be there), final (they must not), unknown
    identifiers: tuple[Anchored, ...] = ()
    language: str = ""  #: the tag of the edition these are for ("" where unknown: an old manifest)
    values: dict[str, Decimal] = field(default_factory=dict)  #: key -> exact value (else read from the texts)
    translation: bool = False  #: a translation's edition (its findings name the language)

    @classmethod
    def from_manifest(cls, manifest: Manifest, language: str = "") -> Expectations:
        """The expectations of the manifest's original (no ``language``, or the original's tag) or of
        the translation into ``language``."""
        values = _values(manifest.values)
        edition = manifest.translations.get(language) if language else None
        if edition is not None:
            identifiers = tuple(Anchored(**found) for found in edition.identifiers)
            allowed = tuple(edition.dates.values()) + tuple(edition.declared) + tuple(i.text for i in identifiers)
            return cls(dict(edition.figures), allowed, manifest.draft, identifiers, language, values, translation=True)
        identifiers = tuple(Anchored(**found) for found in manifest.identifiers)
        allowed = tuple(manifest.dates.values()) + tuple(manifest.declared) + tuple(i.text for i in identifiers)
        return cls(dict(manifest.figures), allowed, manifest.draft, identifiers, manifest.language, values)

    @classmethod
    def from_release(cls, release: Release, draft: bool | None = None, translation: bool = False) -> Expectations:
        language = release.language
        identifiers = tuple(declared_identifiers(release))
        return cls(
            {k: figure_text(f, language) for k, f in release.figures.items()},
            tuple(date_text(v, language) for v in release.dates.values()) + tuple(declared_texts(release))
            + tuple(i.text for i in identifiers),
            draft, identifiers, language, {k: f.value for k, f in release.figures.items()}, translation,
        )

    def where(self) -> str:
        """How a finding names the edition: '' for the original, ' (es-US)' for a translation."""
        return f" ({self.language})" if self.translation else ""


def _values(recorded: dict[str, str]) -> dict[str, Decimal]:
    values = {}
    for key, text in recorded.items():
        try:
            values[key] = Decimal(text)
        except InvalidOperation:
            continue
    return values
