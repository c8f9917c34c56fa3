"""What every output of a release must say: each figure's one text, and the other texts whose
digits it may show (dates, the phone number, addresses, source notes).

Written into the manifest by the build and read back by the check, which reconciles every
output's text against it.
"""
from __future__ import annotations

from dataclasses import dataclass

from publisher.figures import date_text, figure_text
from publisher.manifest import Manifest
from publisher.model import Release


def declared_texts(release: Release) -> list[str]:
    """Texts with digits that outputs may show besides figures and dates."""
    meta = release.meta
    declared = [meta.contact.phone, date_text(meta.date), meta.website]
    declared += [link.url for link in release.links]
    declared += [fig.source for fig in release.figures.values() if fig.source]
    if meta.contact.email:
        declared.append(meta.contact.email)
    return declared


@dataclass(frozen=True)
class Expectations:
    """What the outputs must say: figure texts, and the other texts whose digits are allowed."""

    figures: dict[str, str]
    allowed: tuple[str, ...]
    draft: bool | None = None  #: built with --draft (the marks must be there), final (they must not), unknown

    @classmethod
    def from_manifest(cls, manifest: Manifest) -> Expectations:
        return cls(dict(manifest.figures), tuple(manifest.dates.values()) + tuple(manifest.declared), manifest.draft)

    @classmethod
    def from_release(cls, release: Release, draft: bool | None = None) -> Expectations:
        return cls(
            {k: figure_text(f) for k, f in release.figures.items()},
            tuple(date_text(v) for v in release.dates.values()) + tuple(declared_texts(release)),
            draft,
        )
