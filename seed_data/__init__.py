"""The expertise taxonomy and the 's-Hertogenbosch demo network, shipped in the
package as ``kernteamdb/1`` documents (``taxonomy.json``, ``demo-network.json``;
the demo is made by ``generate_demo.py``). Load them with
``directory.pool.demo.load_demo``: the ``demo`` command, the tests and the
benchmarks all use that one function."""

from __future__ import annotations

from importlib.resources import files


def read(name: str) -> str:
    """The text of one shipped document, e.g. ``read("taxonomy.json")``."""
    return (files(__name__) / name).read_text(encoding="utf-8")
