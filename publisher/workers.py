"""Worker processes: jobs run side by side in forked children, results come back in order.

Forked workers inherit what the parent holds (the loaded release, the theme, imported
modules) instead of receiving it pickled, and each worker imports only the libraries of the
jobs it runs, so two workers also split the import time. Where ``fork`` is not available,
or one worker is asked for, the jobs run in this process, one after another, with the same
results.

A job function never raises for expected failures: it returns its outcome. A worker that
dies (a crash in a C library, a kill) takes the whole pool down with it, so the items left
unfinished are run again, each alone in a new worker: the one that kills its worker again
becomes ``on_crash(item, error)``, the others their real outcome. An unexpected exception
raised by a job becomes ``on_crash(item, error)`` too, never a traceback.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager, suppress
from functools import cache
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

Item = TypeVar("Item")
Shared = TypeVar("Shared")
Outcome = TypeVar("Outcome")

_shared: object = None  #: what the jobs of the current run read; set before the workers fork


def can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def default_jobs() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    import ctypes

    try:
        return ctypes.CDLL(None).malloc_trim  # glibc
    except (AttributeError, OSError, TypeError):  # another C library, or none to load this way
        return None


def release_freed_memory() -> None:
    """Give the heap memory freed since back to the system (glibc keeps it for reuse otherwise).

    Called between the jobs of one process: the process then holds what its next job needs,
    not the most any earlier job needed, and two workers' peaks add up to less. Costs well
    under a millisecond; does nothing where the C library has no ``malloc_trim``."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def _preload(modules: Iterable[str]) -> None:
    """Import ``modules`` (one that fails to import is left to the job that needs it to report)."""
    import importlib

    for name in modules:
        with suppress(Exception):
            importlib.import_module(name)


@contextmanager
def _pool(shared: object, workers: int, preload: Iterable[str] = ()) -> Iterator[ProcessPoolExecutor]:
    """Forked workers that see ``shared``; the previous value is restored after (runs nest).

    ``preload`` names modules that several workers would import: imported here, before the fork,
    they are held once and shared (copy-on-write) instead of once per worker. The objects alive
    at the fork (imported modules, the loaded release) are frozen out of the garbage collector's
    reach (``gc.freeze``) while the workers run: a worker's collections never scan them, nor
    write to their pages (which stay shared with this process)."""
    import gc
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _shared
    _preload(preload)
    _malloc_trim()  # ctypes imported and the function found before the fork: once, shared
    previous, _shared = _shared, shared
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            yield pool
    finally:
        gc.unfreeze()
        _shared = previous


def _broken() -> type[BaseException]:
    from concurrent.futures.process import BrokenProcessPool

    return BrokenProcessPool


def worker_died(error: BaseException) -> bool:
    """Whether ``error`` says a worker process died (rather than a job raising)."""
    return isinstance(error, _broken())


def _alone(fn: Callable, shared: object, item, on_crash: Callable):
    """``fn(shared, item)`` in a worker of its own, after a crash broke the shared pool."""
    with _pool(shared, 1) as pool:
        try:
            return pool.submit(_call_one, fn, item).result()
        except Exception as exc:
            return on_crash(item, exc)


def _call_group(fn: Callable, items: list) -> list:
    return [_call_one(fn, item) for item in items]


def _call_one(fn: Callable, item):
    outcome = fn(_shared, item)
    release_freed_memory()
    return outcome


def run_each(fn: Callable[[Shared, Item], Outcome], shared: Shared, items: Iterable[Item], workers: int, *,
             on_crash: Callable[[Item, BaseException], Outcome], progress: Callable | None = None,
             weight: Callable[[Item], float] | None = None, preload: Iterable[str] = ()) -> list[Outcome]:
    """``fn(shared, item)`` for every item, in up to ``workers`` forked processes; outcomes in item order.

    The workers stay up from one item to the next (what they imported stays imported). With
    ``weight`` (an item's expected cost), the heaviest items start first, so that the workers
    finish together rather than one of them ending on a heavy item alone. ``progress(outcome)``
    is called as each item finishes. ``preload``: modules the workers would all import (see
    :func:`_pool`); not imported when the items run in this process."""
    items = list(items)
    if workers <= 1 or len(items) <= 1 or not can_fork():
        done: list[Outcome] = []
        for item in items:
            if done:
                release_freed_memory()
            done.append(fn(shared, item))
            if progress:
                progress(done[-1])
        return done
    from concurrent.futures import as_completed

    order = sorted(range(len(items)), key=lambda i: -weight(items[i])) if weight else range(len(items))
    outcomes: list = [None] * len(items)
    with _pool(shared, min(workers, len(items)), preload) as pool:
        futures = {pool.submit(_call_one, fn, items[i]): i for i in order}
        broken = []
        for future in as_completed(futures):
            index = futures[future]
            try:
                outcomes[index] = future.result()
            except _broken():
                broken.append(index)  # run again once the pool is down (its workers are gone)
                continue
            except Exception as exc:  # an unexpected error raised in the worker
                outcomes[index] = on_crash(items[index], exc)
            if progress:
                progress(outcomes[index])
    for index in sorted(broken):
        outcomes[index] = _alone(fn, shared, items[index], on_crash)
        if progress:
            progress(outcomes[index])
    return outcomes


def run_grouped(fn: Callable[[Shared, Item], Outcome], shared: Shared, items: Iterable[Item], workers: int, *,
                key: Callable[[Item], Hashable], weight: Callable[[Item], float],
                on_crash: Callable[[Item, BaseException], Outcome], preload: Iterable[str] = ()) -> list[Outcome]:
    """Like :func:`run_each`, but items with the same ``key`` run in the same worker, one after another.

    Items that share a key share imports and caches (the PDF formats share ReportLab and the
    fonts), so they go together; the heaviest groups by total ``weight`` start first.
    Outcomes come back in item order.
    """
    items = list(items)
    groups: dict[Hashable, list[int]] = {}
    for index, item in enumerate(items):
        groups.setdefault(key(item), []).append(index)
    if workers <= 1 or len(groups) <= 1 or not can_fork():
        return run_each(fn, shared, items, 1, on_crash=on_crash)
    ordered = sorted(groups.values(), key=lambda idx: -sum(weight(items[i]) for i in idx))
    outcomes: list = [None] * len(items)
    with _pool(shared, min(workers, len(ordered)), preload) as pool:
        futures = [(idx, pool.submit(_call_group, fn, [items[i] for i in idx])) for idx in ordered]
        for idx, future in futures:
            try:
                for i, outcome in zip(idx, future.result(), strict=True):
                    outcomes[i] = outcome
            except _broken():
                for i in idx:
                    outcomes[i] = _alone(fn, shared, items[i], on_crash)
            except Exception as exc:  # an unexpected error raised in the worker
                for i in idx:
                    outcomes[i] = on_crash(items[i], exc)
    return outcomes
