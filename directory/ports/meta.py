"""The store as a whole: where it is, its revision, the demo mark, whether
writes can be saved, and the hooks that let a question read once and keep
what it derived (``StoreMeta``)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextlib import AbstractContextManager
from typing import Protocol, TypeVar

from directory.errors import StoreUnavailable

T = TypeVar("T")


class StoreMeta(Protocol):
    """What every store says about itself. Reads always reflect every committed
    write, including writes made by other processes on the same store (at most
    one request old)."""

    url: str

    def close(self) -> None:
        """Release files and connections; the store is unusable afterwards."""

    def revision(self) -> int:
        """A number that grows with every committed write (for caches and ETags)."""

    def is_demo(self) -> bool:
        """True when the store holds the demo network (demo users may exist)."""

    def mark_demo(self) -> None:
        """Record that this store holds the demo network."""

    def write_problem(self) -> StoreUnavailable | None:
        """Why writes cannot be saved now, while the store can still be read (a
        full disk, a read-only file); None when nothing is known to stop them.
        The health check reports it."""

    def one_read(self) -> AbstractContextManager[None]:
        """The reads made inside are one question (a search): the store may
        look for other processes' writes once, when the first of them is made,
        instead of before each (a server store saves a round trip per read).
        Reads after the block see every write again."""

    def derived(self, key: Hashable, compute: Callable[[], T], *, with_consultations: bool = False) -> T:
        """``compute()``, kept until the store's records change: for values
        derived from the store that many requests share (search keeps each
        need's candidates in skill order this way). ``key`` must name
        everything the value depends on besides the store's contents. A step
        in a consultation changes no record; a value that also depends on
        consultations (the hours booked on open ones count as booked) says
        ``with_consultations`` and is made afresh after such a step too."""
