"""The README's "Running it for real" is followed by operations teams word for
word: its systemd unit must load, its Caddyfile must parse, and every
setting it names must be one the code reads."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def guide() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## Running it for real")
    return text[start:text.index("\n## ", start + 1)]


def block(kind: str) -> str:
    found = re.search(rf"```{kind}\n(.*?)```", guide(), re.S)
    assert found, f"no {kind} block in the guide"
    return found.group(1)


def test_the_systemd_unit_loads_without_a_warning(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    command = Path(sys.executable).parent / "kernteamdb"  # where the guide installs it, here
    unit = tmp_path / "kernteamdb.service"
    unit.write_text(block("ini").replace("/opt/kernteamdb/bin/kernteamdb", str(command)), encoding="utf-8")
    checked = subprocess.run([analyze, "verify", str(unit)], capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0 and (checked.stdout + checked.stderr).strip() == ""


def test_the_caddyfile_parses_and_proxies_to_the_served_port(tmp_path):
    caddy = shutil.which("caddy")
    if caddy is None:
        pytest.skip("caddy is not installed (apt-get install caddy; .ci/run installs it)")
    config = tmp_path / "Caddyfile"
    config.write_text(block("caddyfile"), encoding="utf-8")
    adapted = subprocess.run([caddy, "adapt", "--config", str(config), "--adapter", "caddyfile"],
                             capture_output=True, text=True, timeout=60)
    assert adapted.returncode == 0 and "warn" not in adapted.stderr, adapted.stderr
    assert '"dial":"127.0.0.1:8080"' in json.dumps(json.loads(adapted.stdout), separators=(",", ":"))
    assert "--port 8080" in block("ini")


def test_every_setting_the_guide_names_is_read_by_the_code():
    """(A provider's secret is in the variable its providers file names: any name.)"""
    named = {name for name in re.findall(r"\bKERNTEAMDB_[A-Z_]*[A-Z]\b", guide())
             if not re.fullmatch(r"KERNTEAMDB_OIDC_[A-Z]+_SECRET", name)}
    code = "".join(path.read_text(encoding="utf-8") for package in ("web", "directory", "graph")
                   for path in (ROOT / package).rglob("*.py"))
    read = set(re.findall(r"KERNTEAMDB_[A-Z_]*[A-Z]", code))
    assert named and named <= read, sorted(named - read)


def test_the_providers_file_of_the_readme_is_a_valid_one():
    from directory.accounts.providers import parse_providers

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```toml\n(\[providers.*?)```", text, re.S)
    assert example, "no providers file in the README"
    secrets = {"KERNTEAMDB_OIDC_UTRECHT_SECRET": "s1", "KERNTEAMDB_OIDC_GGZ_SECRET": "s2"}
    providers = parse_providers(example.group(1), secrets)
    assert [provider.key for provider in providers] == ["utrecht", "ggz"]
