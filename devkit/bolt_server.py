"""A Bolt server for the Neo4j store's tests and benchmarks: ArcadeDB from
PyPI (``arcadedb-embedded``, its own Java runtime and Bolt plugin), started
in a child process on free loopback ports and stopped again.

Neo4j itself cannot be installed from the registries this project reaches;
ArcadeDB speaks Bolt and Cypher and announces itself as Neo4j 5 compatible.
Setting ``NEO4J_URI`` (with ``NEO4J_USER`` / ``NEO4J_PASSWORD``) points the
same tests at a real Neo4j 5 instead (see ``BoltServer.from_environment``).

Run as a program (``python -m devkit.bolt_server ROOT HTTP BOLT PASSWORD HEAP``)
it is the child: it starts the server, prints ``ready`` and serves until its
standard input closes, so the server never outlives the test run.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT_USER = "root"
#: Seconds the child may take to start the Java runtime and the server.
START_TIMEOUT = 90.0


def missing_reason() -> str | None:
    """Why no test Bolt server can run here, or None."""
    if os.environ.get("NEO4J_URI"):
        return None
    try:
        import arcadedb_embedded  # noqa: F401
    except ImportError:
        return "arcadedb-embedded is not installed (pip install -e '.[test]')"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class BoltServer:
    """A running Bolt server: where it listens and how to get a fresh database."""

    bolt_url: str
    user: str
    password: str
    http_url: str | None = None  # ArcadeDB's HTTP API (creates and drops databases)
    process: subprocess.Popen[str] | None = None
    root: tempfile.TemporaryDirectory[str] | None = None
    databases: list[str] = field(default_factory=list)
    heap: str = "768m"

    @classmethod
    def from_environment(cls) -> BoltServer | None:
        uri = os.environ.get("NEO4J_URI")
        if not uri:
            return None
        return cls(uri, os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", ""))

    @classmethod
    def start_arcadedb(cls, *, heap: str = "768m") -> BoltServer:
        """``heap``: the Java heap (the benchmark's pool of 100,000 cases in one
        transaction wants more than the tests' small pools)."""
        root = tempfile.TemporaryDirectory(prefix="kt-arcadedb-")
        http, bolt = _free_port(), _free_port()
        server = cls(f"bolt://127.0.0.1:{bolt}", ROOT_USER, uuid.uuid4().hex,
                     http_url=f"http://127.0.0.1:{http}", root=root, heap=heap)
        server._launch()
        return server

    def _launch(self) -> None:
        """Start the child on this server's root folder and ports."""
        assert self.root is not None and self.http_url is not None
        http = self.http_url.rsplit(":", 1)[1]
        bolt = self.bolt_url.rsplit(":", 1)[1]
        log = open(Path(self.root.name) / "server.log", "a")  # noqa: SIM115 (the child writes it)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "devkit.bolt_server", self.root.name, http, bolt, self.password,
             self.heap],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True, cwd=self.root.name,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
        log.close()  # the child has its own copy
        assert self.process.stdout is not None
        line = self.process.stdout.readline()  # blocks until the child is ready or gone
        if line.strip() != "ready":
            tail = (Path(self.root.name) / "server.log").read_text(errors="replace")[-2000:]
            self.stop()
            raise RuntimeError(f"the ArcadeDB test server did not start: {tail or 'no output'}")

    def halt(self) -> None:
        """Stop the server but keep its data (``resume`` starts it again)."""
        self._stop_process()

    def resume(self) -> None:
        """Start the server again on the same data and ports, as after a restart."""
        self._launch()

    def _command(self, command: str) -> None:
        assert self.http_url is not None
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
        request = urllib.request.Request(
            f"{self.http_url}/api/v1/server", data=json.dumps({"command": command}).encode(),
            headers={"Authorization": f"Basic {token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (loopback)
            response.read()

    def new_database(self) -> str:
        """A store URL of an empty database of its own (on Neo4j: the default
        database, emptied first, since Community has only one)."""
        if self.http_url is None:
            return self.bolt_url
        name = f"kt{uuid.uuid4().hex[:12]}"
        self._command(f"create database {name}")
        self.databases.append(name)
        return f"{self.bolt_url}?database={name}"

    def drop_database(self, url: str) -> None:
        if self.http_url is None or "?database=" not in url:
            return
        name = url.rsplit("=", 1)[1]
        if name in self.databases:
            self.databases.remove(name)
            try:
                self._command(f"drop database {name}")
            except (urllib.error.URLError, OSError):
                pass  # the server goes with the run anyway

    def stop(self) -> None:
        self._stop_process()
        if self.root is not None:
            self.root.cleanup()
            self.root = None

    def _stop_process(self) -> None:
        if self.process is not None:
            if self.process.stdin:
                self.process.stdin.close()  # the child's signal to stop
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            if self.process.stdout:
                self.process.stdout.close()
            self.process = None


def _serve(root: str, http: int, bolt: int, password: str, heap: str) -> None:
    """The child: start ArcadeDB with the Bolt plugin, say ``ready``, wait for
    standard input to close, stop."""
    from arcadedb_embedded.jvm import start_jvm

    start_jvm(heap_size=heap)
    import arcadedb_embedded as adb

    server = adb.create_server(root_path=root, root_password=password, config={
        "host": "127.0.0.1", "http_port": http, "bolt_port": bolt,
        "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin"})
    server.start()
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{http}/api/v1/ready", timeout=5):  # noqa: S310
                break
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    print("ready", flush=True)
    sys.stdin.read()
    try:
        server.stop()
    finally:
        os._exit(0)  # open Bolt connections would keep the Java runtime alive


if __name__ == "__main__":
    _serve(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5])
