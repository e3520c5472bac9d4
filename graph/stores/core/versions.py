"""Versions and status, as both stores check them.

A record's version is the store revision that last wrote it; an edit that
states the version it was based on is refused, inside the writing
transaction, when the record has moved on (``refuse_stale``). Only
organisations and teams are retired and reactivated by a status of their
own (``STATUS_KINDS``); professionals carry ``active`` in their record.
"""

from __future__ import annotations

from collections.abc import Mapping

from directory.errors import stale, stale_line
from directory.pool.model import NOUN
from directory.problems import Problem

#: The kinds of record retired and reactivated by ``ImportPlan.active``.
STATUS_KINDS = ("organisations", "teams")


def refuse_stale(expected: Mapping[tuple[str, str], int | None],
                 now: Mapping[tuple[str, str], int | None]) -> None:
    """``Conflict`` naming every record whose version ``now`` is not the one
    ``expected`` (``None``: it must not exist yet); the same words for the
    same clash on every store."""
    problems: list[Problem] = []
    for (kind, rid), version in sorted(expected.items()):
        found = now.get((kind, rid))
        if found == version:
            continue
        noun = f"{NOUN.get(kind, 'consultation')} '{rid}'"
        if version is None:
            problems.append(Problem.of(f"{kind}/{rid}", "already_exists", noun=noun))
        elif found is None:
            problems.append(Problem.of(f"{kind}/{rid}", "removed_meanwhile", noun=noun))
        else:
            problems.append(stale_line(kind, rid, version, found))
    if problems:
        raise stale(problems)
