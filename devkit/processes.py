"""The processes a server started, for the tests and benchmarks that watch
``kernteamdb serve``'s workers (Linux: read from ``/proc``)."""

from __future__ import annotations

from pathlib import Path


def children_of(pid: int) -> list[int]:
    """The ids of the processes whose parent is ``pid`` (a gunicorn master's workers), sorted."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text(encoding="ascii", errors="replace")
                         .rpartition(")")[2].split()[1])
        except (OSError, ValueError, IndexError):
            continue  # gone meanwhile, or not a process
        if parent == pid:
            found.append(int(entry.name))
    return sorted(found)
