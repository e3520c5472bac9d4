"""``kernteamdb remind``: reminder mails received by a real SMTP server on
loopback, recorded in the audit trail, never twice within 14 days; settings
and server problems are exit 2 with one line and nothing recorded."""

from __future__ import annotations

import json

import pytest

from tests.mailbox import REFUSED_DOMAIN, free_port, is_listening, local_smtp

TODAY = "2026-11-16"
BASE = "https://gids.example"


@pytest.fixture
def pool(loaded, tmp_path):
    """The small pool where Anna (e-mail, never confirmed) and Eva (confirmed
    long ago) are due, Cees confirmed lately, Bram has no e-mail and Dina is retired."""
    extra = {"format": "kernteamdb/1", "professionals": [
        {"id": "p-cees", "name": "Cees Bakker", "organisation": "org-vivent", "email": "cees@example.org",
         "confirmed": "2026-10-01"},
        {"id": "p-eva", "name": "Eva Mulder", "organisation": "org-gemeente", "email": "eva@example.org",
         "confirmed": "2025-03-01"},
        {"id": "p-dina", "name": "Dina Smit", "email": "dina@example.org", "active": False}]}
    path = tmp_path / "extra.json"
    path.write_text(json.dumps(extra), encoding="utf-8")
    assert loaded("import", str(path)).exit_code == 0
    return loaded


def remind(run, port, *args, **env):
    return run("remind", "--today", TODAY, "--smtp-port", str(port), "--smtp-host", "127.0.0.1",
               "--sender", "gids@example.org", "--base-url", BASE, *args)


def reminders(run):
    trail = [json.loads(line) for line in run("audit", "--kind", "professionals").stdout.splitlines()]
    return [(e["id"], e["after"]["email"]) for e in trail if e["action"] == "remind"]


def test_each_stale_profile_gets_one_mail_with_its_confirm_link(pool):
    with local_smtp() as box:
        done = remind(pool, box.port)
        assert done.exit_code == 0, done.output
        assert done.stdout.splitlines() == ["reminder sent to p-anna (anna@example.org)",
                                            "reminder sent to p-eva (eva@example.org)"]
        received = {tuple(to): mail for to, mail in box.mails}
        assert set(received) == {("anna@example.org",), ("eva@example.org",)}
        anna = received[("anna@example.org",)]
        assert anna["Subject"] == "Klopt je profiel in KernteamDB nog?"
        assert anna["From"] == "gids@example.org" and anna["To"] == "anna@example.org"
        body = anna.get_content()
        assert "Beste Anna de Vries," in body and "nog nooit bevestigd" in body
        assert f"{BASE}/profiel/p-anna/bevestigen" in body
        assert "sinds 1 maart 2025 niet meer bevestigd" in received[("eva@example.org",)].get_content()
        assert reminders(pool) == [("p-anna", "anna@example.org"), ("p-eva", "eva@example.org")]
        again = remind(pool, box.port)  # within 14 days: nobody is mailed twice
        assert again.exit_code == 0 and again.stdout == "" and len(box.mails) == 2
    assert not is_listening(box.port)  # the test's server is stopped


def test_dry_run_lists_who_is_due_and_sends_and_records_nothing(pool):
    with local_smtp() as box:
        listed = pool("remind", "--dry-run", "--today", TODAY)
        assert listed.exit_code == 0
        assert [line.split("\t")[0] for line in listed.stdout.splitlines()] == ["p-anna", "p-eva"]
        assert box.mails == [] and reminders(pool) == []


def test_an_unreachable_server_is_exit_2_and_records_nothing(pool):
    port = free_port()  # nothing listens there
    failed = remind(pool, port)
    assert failed.exit_code == 2
    assert failed.stderr.startswith(f"kernteamdb: cannot use the mail server 127.0.0.1:{port}")
    assert len(failed.stderr.strip().splitlines()) == 1
    assert reminders(pool) == []


def test_a_refused_address_is_named_not_recorded_and_the_others_still_go(pool, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"format": "kernteamdb/1", "professionals": [
        {"id": "p-bram", "name": "Bram Jansen", "email": f"bram@{REFUSED_DOMAIN}"}]}), encoding="utf-8")
    assert pool("import", str(path)).exit_code == 0
    with local_smtp() as box:
        done = remind(pool, box.port)
    assert done.exit_code == 2 and f"refused p-bram (bram@{REFUSED_DOMAIN})" in done.stderr
    assert len(box.mails) == 2
    assert [who for who, _ in reminders(pool)] == ["p-anna", "p-eva"]


@pytest.mark.parametrize(("args", "says"), [
    (("--base-url", "gids.example"), "--base-url"),
    (("--smtp-user", "gids"), "--smtp-user needs --starttls"),
])
def test_incomplete_settings_are_exit_2_and_send_nothing(pool, args, says):
    with local_smtp() as box:
        failed = remind(pool, box.port, *args)
        assert failed.exit_code == 2 and says in failed.stderr
        assert box.mails == [] and reminders(pool) == []


def test_the_sender_may_come_from_the_environment(pool, monkeypatch):
    with local_smtp() as box:
        monkeypatch.setenv("KERNTEAMDB_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("KERNTEAMDB_SMTP_PORT", str(box.port))
        monkeypatch.setenv("KERNTEAMDB_SMTP_SENDER", "omgeving@example.org")
        monkeypatch.setenv("KERNTEAMDB_BASE_URL", BASE)
        done = pool("remind", "--today", TODAY)
        assert done.exit_code == 0, done.output
        assert {mail["From"] for _, mail in box.mails} == {"omgeving@example.org"}
    missing = pool("remind", "--today", TODAY)
    assert missing.exit_code == 0  # nobody is due any more: nothing to send, nothing to fail


def test_a_profile_whose_own_account_may_not_confirm_it_is_left_to_the_coordinator(pool):
    """Eva signs in as a wijkwerker, a role that only reads: a reminder's link
    would refuse her, so she gets none (the coordinator confirms her profile)."""
    added = pool("user", "add", "eva", "--role", "wijkwerker", "--professional", "p-eva",
                 "--password-stdin", input="a-long-password\n")
    assert added.exit_code == 0, added.output
    with local_smtp() as box:
        done = remind(pool, box.port)
        assert done.exit_code == 0, done.output
        assert [to for to, _ in box.mails] == [["anna@example.org"]]
    assert reminders(pool) == [("p-anna", "anna@example.org")]
