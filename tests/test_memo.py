"""Work done once per release object (publisher.memo.per_release)."""
from __future__ import annotations

from publisher.memo import KEPT, per_release


class Release:
    """A stand-in release: equal by value, distinct by identity."""

    def __eq__(self, other):
        return isinstance(other, Release)

    __hash__ = object.__hash__


def counted():
    calls = []

    @per_release
    def work(release, option=0):
        calls.append((release, option))
        return [option]

    return work, calls


def test_done_once_per_release_object_and_options():
    work, calls = counted()
    release = Release()
    assert work(release, 1) is work(release, 1)
    assert work(release, 2) == [2]
    assert len(calls) == 2


def test_another_release_object_is_worked_again_even_when_equal():
    work, calls = counted()
    first, second = Release(), Release()
    work(first)
    work(second)
    assert [c[0] for c in calls] == [first, second] and calls[0][0] is first and calls[1][0] is second


def test_only_the_last_releases_are_kept():
    work, calls = counted()
    releases = [Release() for _ in range(KEPT + 1)]
    for release in releases:
        work(release)
    work(releases[0])  # the oldest was let go
    work(releases[-1])
    assert len(calls) == KEPT + 2


def test_the_shared_document_is_built_once_for_the_formats_that_share_it(release, theme):
    from publisher.document import build_document

    labels = theme.labels_for(release.meta.language)
    assert build_document(release, labels) is build_document(release, labels)
    assert build_document(release, labels, keep_together=False) is not build_document(release, labels)
