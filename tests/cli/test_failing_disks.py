"""The command line on a store that cannot be written: a full disk says
"disk full", a read-only store says so; exit status 2 (1 means "invalid
document"), no traceback, and nothing half-written."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from directory.exchange import import_document
from graph.stores import open_store
from tests.conftest import small_document
from tests.full_disk import fill_the_disk
from web.cli import main

NOBODY = 65534


def changed_pool(tmp_path: Path) -> Path:
    document = small_document()
    document["professionals"][0]["bio"] = "Nieuw: " + "veel te vertellen " * 40
    document["professionals"].append({"id": "p-nieuw", "name": "Nieuwe Collega"})
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_an_import_on_a_full_disk_says_disk_full_exits_2_and_writes_nothing(loaded, store_url,
                                                                         tmp_path, monkeypatch):
    before = loaded("export").stdout
    fill_the_disk(store_url.removeprefix("sqlite:///"), monkeypatch)
    result = loaded("import", str(changed_pool(tmp_path)))
    assert result.exit_code == 2, result.output
    assert "kernteamdb: disk full:" in result.stderr and "nothing was saved" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    monkeypatch.undo()
    assert loaded("export").stdout == before


def test_user_add_on_a_full_disk_says_disk_full_not_a_rollback_error(loaded, store_url, monkeypatch):
    fill_the_disk(store_url.removeprefix("sqlite:///"), monkeypatch)
    result = loaded("user", "add", "nieuwe-beheerder", "--role", "admin", "--password-stdin",
                    input="een lang genoeg wachtwoord\n")
    assert result.exit_code == 2, result.output
    assert "kernteamdb: disk full:" in result.stderr
    assert "rollback" not in result.stderr
    monkeypatch.undo()
    assert "nieuwe-beheerder" not in loaded("user", "list").stdout


@pytest.fixture
def read_only_store(tmp_path) -> Iterator[Path]:
    """A store and a changed pool beside it, in a folder; all made read-only."""
    folder = Path(tempfile.mkdtemp(prefix="kernteamdb-ro-"))
    path = folder / "pool.db"
    store = open_store(f"sqlite:///{path}", create=True)
    import_document(json.dumps(small_document()), store)
    store.close()
    shutil.copy(changed_pool(tmp_path), folder / "changed.json")
    for name in os.listdir(folder):
        (folder / name).chmod(0o444)
    folder.chmod(0o555)
    yield path
    folder.chmod(0o755)
    shutil.rmtree(folder)


def as_the_reader(path: Path, *args: str) -> Result:
    """``kernteamdb`` on the store at ``path``, as a user who may not write it:
    this one, or (root may write anything) the user ``nobody`` in a child process."""
    command = ["--store", f"sqlite:///{path}", *args]
    if os.geteuid() != 0:
        return CliRunner().invoke(main, command)
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child reports through the pipe
        try:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            result = CliRunner().invoke(main, command)
            answer = {"code": result.exit_code, "out": result.stdout, "err": result.stderr}
        except BaseException as exc:
            answer = {"code": -1, "out": "", "err": repr(exc)}
        os.write(write, json.dumps(answer).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        answer = json.loads(pipe.read())
    os.waitpid(child, 0)
    return Result(answer["code"], answer["out"], answer["err"])


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


def test_a_read_only_store_is_read_and_refuses_writes_with_its_own_message(read_only_store):
    exported = as_the_reader(read_only_store, "export")
    assert exported.exit_code == 0, exported.stderr
    assert json.loads(exported.stdout)["professionals"][0]["id"] == "p-anna"
    refused = as_the_reader(read_only_store, "import", str(read_only_store.parent / "changed.json"))
    assert refused.exit_code == 2, refused.stderr
    assert refused.stderr.startswith(f"kernteamdb: the store {read_only_store} is read-only"), \
        refused.stderr
    assert "not a KernteamDB store" not in refused.stderr and "Traceback" not in refused.stderr
    assert as_the_reader(read_only_store, "export").stdout == exported.stdout
