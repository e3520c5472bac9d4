"""The command line on a store that cannot be written: a full disk says
"disk full", a read-only store says so; exit status 2 (1 means "invalid
document"), no traceback, and nothing half-written."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.conftest import small_document
from tests.full_disk import fill_the_disk
from tests.read_only import as_a_reader, read_only_store
from web.cli.main import main


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


def run_as_a_reader(path: Path, *args: str) -> dict[str, Any]:
    """``kernteamdb`` on the store at ``path`` as a user who may not write it."""
    def run() -> dict[str, Any]:
        result = CliRunner().invoke(main, ["--store", f"sqlite:///{path}", *args])
        return {"code": result.exit_code, "out": result.stdout, "err": result.stderr}

    answer: dict[str, Any] = as_a_reader(run)
    return answer


def test_a_read_only_store_is_read_and_refuses_writes_with_its_own_message(tmp_path):
    with read_only_store(("changed.json", changed_pool(tmp_path).read_text("utf-8"))) as path:
        exported = run_as_a_reader(path, "export")
        assert exported["code"] == 0, exported["err"]
        assert json.loads(exported["out"])["professionals"][0]["id"] == "p-anna"
        refused = run_as_a_reader(path, "import", str(path.parent / "changed.json"))
        assert refused["code"] == 2, refused["err"]
        assert refused["err"].startswith(f"kernteamdb: the store {path} is read-only"), refused["err"]
        assert "not a KernteamDB store" not in refused["err"] and "Traceback" not in refused["err"]
        assert run_as_a_reader(path, "export")["out"] == exported["out"]


def test_init_on_a_full_disk_says_disk_full_and_leaves_no_file(run, store_url, monkeypatch):
    path = Path(store_url.removeprefix("sqlite:///"))
    connect = sqlite3.connect

    def connect_to_a_full_disk(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        opened = connect(*args, **kwargs)
        opened.execute("PRAGMA max_page_count = 1")  # not even the tables fit
        return opened

    monkeypatch.setattr(sqlite3, "connect", connect_to_a_full_disk)
    result = run("init")
    assert result.exit_code == 2 and result.stderr.startswith("kernteamdb: disk full:"), result.output
    assert not path.exists() and list(path.parent.glob(path.name + "*")) == []


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
def test_an_export_into_a_full_disk_says_disk_full_without_a_traceback(loaded, store_url):
    with open("/dev/full", "w") as full:  # every write to it fails: no space left on device
        result = subprocess.run([sys.executable, "-m", "web.cli", "--store", store_url, "export"],
                                stdout=full, stderr=subprocess.PIPE, text=True, timeout=60,
                                cwd=Path(__file__).resolve().parents[2])
    assert result.returncode == 2
    assert result.stderr.startswith("kernteamdb: disk full:"), result.stderr
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
