"""How either store tells whether what it opened is a KernteamDB store it can read.

Both mark a store with ``schema`` = ``SCHEMA_NAME`` and ``schema_version``
(each its own numbering) among their metadata, and both refuse the same way
what is not theirs or is newer than they read.
"""

from __future__ import annotations

from collections.abc import Container, Mapping
from typing import Any

from directory.errors import StoreUnavailable

#: What a KernteamDB store says it is (``schema`` in its metadata).
SCHEMA_NAME = "kernteamdb"


def needs_upgrade(meta: Mapping[str, Any], where: str, version: str, upgradable: Container[Any]) -> bool:
    """Whether the store at ``where`` (described by its ``meta``) is one this
    code reads at ``version`` after an upgrade (its version is among
    ``upgradable``); ``StoreUnavailable`` when it is no KernteamDB store or
    has a version this code does not know.

    >>> needs_upgrade({"schema": "kernteamdb", "schema_version": "3"}, "x.db", "4", {"3"})
    True
    >>> needs_upgrade({"schema": "kernteamdb", "schema_version": "5"}, "x.db", "4", {"3"})
    Traceback (most recent call last):
    directory.errors.StoreUnavailable: x.db has store version 5; this KernteamDB reads version 4
    """
    if meta.get("schema") != SCHEMA_NAME:
        raise StoreUnavailable(f"{where} is not a KernteamDB store")
    found = meta.get("schema_version")
    if found in upgradable:
        return True
    if found != version:
        raise StoreUnavailable(f"{where} has store version {found}; this KernteamDB reads version {version}")
    return False
