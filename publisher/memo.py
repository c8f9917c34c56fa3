"""Work done once per release: a function of a release object remembered for that object.

Every format of a release formats its figures and builds the shared document; in a batch, a
worker builds one release after another. :func:`per_release` keeps the results for the last
few release objects, by identity (a release is immutable, and a draft build's is another
object), holding each so that its identity is not reused while it is remembered.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import wraps
from typing import Any, ParamSpec, TypeVar

KEPT = 8  #: release objects remembered per function (a build holds one, or its draft-marked copy)

P = ParamSpec("P")
R = TypeVar("R")


def per_release(function: Callable[P, R]) -> Callable[P, R]:
    """``function(release, *args)`` computed once per release object and hashable ``args``."""
    remembered: dict[tuple[Hashable, ...], tuple[tuple[Any, ...], R]] = {}

    @wraps(function)
    def once(*args: P.args, **kwargs: P.kwargs) -> R:
        every = args + tuple(value for _, value in sorted(kwargs.items()))
        key = (tuple(sorted(kwargs)),) + tuple(_key(value) for value in every)
        found = remembered.get(key)
        if found is not None and all(a is b for a, b in zip(found[0], every, strict=True) if not _hashable(a)) \
                and found[0][0] is args[0]:
            return found[1]
        result = function(*args, **kwargs)
        if len(remembered) >= KEPT:
            del remembered[next(iter(remembered))]
        remembered[key] = (every, result)
        return result

    once.forget = remembered.clear  # type: ignore[attr-defined]
    return once


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _key(value: object) -> Hashable:
    """A value as part of a key: itself when hashable, else its identity (the value is held)."""
    return value if _hashable(value) else ("id", id(value))
