"""A store that this user cannot write: its file and folder made read-only.
Root may write anything (the capability ``CAP_DAC_OVERRIDE``), so as root the
check runs in a child process that has given that capability up (its answer
comes back through a pipe); it may still read everything, Python's own files
included."""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from directory.exchange.document import import_document
from directory.ports import Store
from graph.stores import open_store
from tests.conftest import small_document

#: linux/capability.h: the version of the calls' layout, and the capability dropped.
_CAPABILITY_VERSION_3 = 0x20080522
_CAP_DAC_OVERRIDE = 1


class _Header(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _Data(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                ("inheritable", ctypes.c_uint32)]


def _give_up_overriding_file_modes() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    header, data = _Header(_CAPABILITY_VERSION_3, 0), (_Data * 2)()
    assert libc.capget(ctypes.byref(header), data) == 0, os.strerror(ctypes.get_errno())
    data[0].effective &= ~(1 << _CAP_DAC_OVERRIDE)
    data[0].permitted &= ~(1 << _CAP_DAC_OVERRIDE)
    assert libc.capset(ctypes.byref(header), data) == 0, os.strerror(ctypes.get_errno())


@contextmanager
def read_only_store(*beside: tuple[str, str],
                    prepare: Callable[[Store], None] | None = None) -> Iterator[Path]:
    """The small pool in a store file in a folder of its own (``prepare(store)``
    may add to it first), with ``beside`` (name, text) files next to it; file
    and folder read-only while the block runs."""
    folder = Path(tempfile.mkdtemp(prefix="kernteamdb-ro-"))
    path = folder / "pool.db"
    store = open_store(f"sqlite:///{path}", create=True)
    import_document(json.dumps(small_document()), store)
    if prepare is not None:
        prepare(store)
    store.close()
    for name, text in beside:
        (folder / name).write_text(text, encoding="utf-8")
    for name in os.listdir(folder):
        (folder / name).chmod(0o444)
    folder.chmod(0o555)
    try:
        yield path
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


def as_a_reader(check: Callable[[], Any]) -> Any:
    """``check()`` (its answer must be JSON) as a user who may not write the store."""
    if os.geteuid() != 0:
        return check()
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child answers through the pipe
        try:
            os.close(read)
            _give_up_overriding_file_modes()
            answer = {"value": check()}
        except BaseException as exc:
            answer = {"error": repr(exc)}
        os.write(write, json.dumps(answer).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        answer = json.loads(pipe.read())
    os.waitpid(child, 0)
    assert "error" not in answer, answer["error"]
    return answer["value"]
