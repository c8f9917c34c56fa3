"""The accessible 16:9 briefing deck (.pptx): plan the slides, then write them.

:mod:`.plan` decides what goes on each slide and measures it (pure data, no python-pptx);
:mod:`.emit` writes the plans with python-pptx (imported only here, when a deck is built).
"""
from __future__ import annotations

from publisher.document import plain
from publisher.figures import Resolver
from publisher.model import Release
from publisher.render.deck.plan import plan
from publisher.spec import Options
from publisher.theme import Theme


def render(release: Release, theme: Theme, options: Options) -> bytes:
    from publisher.render.deck.emit import emit

    summary = plain(Resolver(release)(release.meta.summary))
    return emit(plan(release, theme), release, theme, summary)
