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
    remembered: dict[tuple[int, tuple[Hashable, ...]], tuple[Any, R]] = {}

    @wraps(function)
    def once(*args: P.args, **kwargs: P.kwargs) -> R:
        release, rest = args[0], args[1:] + tuple(sorted(kwargs.items()))
        key = (id(release), rest)
        found = remembered.get(key)
        if found is not None and found[0] is release:
            return found[1]
        result = function(*args, **kwargs)
        if len(remembered) >= KEPT:
            del remembered[next(iter(remembered))]
        remembered[key] = (release, result)
        return result

    once.forget = remembered.clear  # type: ignore[attr-defined]
    return once
