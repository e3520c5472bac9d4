"""E-mail for consultation notices (``web.notify``), end to end: a step taken
through the service inside the configured app mails its notice to a real
SMTP server on 127.0.0.1 (aiosmtpd, stopped by the test). Without mail
settings nothing is sent; a dead or refusing server never undoes the step."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

import pytest

from directory.consultations import service as consult
from directory.consultations.records import Notice
from directory.exchange.document import import_document
from tests.mailbox import REFUSED_DOMAIN, free_port, is_listening, local_smtp
from web import create_app
from web.guard import STORE
from web.notify import deliver

SENDER = "kernteamdb@example.org"
BASE = "https://gids.example"


@pytest.fixture
def app(fresh_app, monkeypatch):
    for name in ("HOST", "PORT", "STARTTLS", "USER", "SENDER", "PASSWORD"):
        monkeypatch.delenv(f"KERNTEAMDB_SMTP_{name}", raising=False)
    for key in [k for k in fresh_app.config if k.startswith("MAIL_")]:
        del fresh_app.config[key]
    return fresh_app


def configure(app, port: int, **more) -> None:
    app.config.update(MAIL_HOST="127.0.0.1", MAIL_PORT=port, MAIL_SENDER=SENDER, MAIL_BASE_URL=BASE,
                      MAIL_TIMEOUT=5.0, **more)


def ask_anna(app):
    """The step: Bram (wijkwerker) asks Anna, inside the app, and the web layer's mail call."""
    store = app.extensions[STORE]
    with app.app_context():
        done = consult.file_request(store, {"need": "vergeet steeds de afspraken", "areas": ["dementie"],
                                            "specialist": "p-anna"}, by=store.get_user("wijkwerker"))
        sent = deliver(store, done.notices)
    return store, done, sent


def test_the_asked_specialist_gets_a_mail_with_the_link_and_no_case_details(app):
    with local_smtp() as box:
        configure(app, box.port)
        store, done, sent = ask_anna(app)
    assert not is_listening(box.port)
    assert sent == 1 and len(box.mails) == 1
    recipients, mail = box.mails[0]
    assert recipients == ["anna@example.org"]
    assert mail["From"] == SENDER and mail["To"] == "anna@example.org"
    assert mail["Subject"] == "Je bent gevraagd voor een consultatie"
    body = mail.get_content()
    assert "Beste Anna de Vries" in body
    assert f"{BASE}/consultaties/{done.consultation.id}" in body
    assert "vergeet" not in body and "dementie" not in body  # nothing about the case
    assert [n.what for n in store.notices("p-anna")] == ["gevraagd"]


def test_the_mail_is_dutch_whatever_language_the_page_is_in(app):
    with local_smtp() as box:
        configure(app, box.port)
        store = app.extensions[STORE]
        with app.test_request_context(headers={"Accept-Language": "en"}):
            done = consult.file_request(store, {"need": "hulp bij post", "areas": ["dementie"],
                                                "specialist": "p-anna"}, by=store.get_user("wijkwerker"))
            deliver(store, done.notices)
    assert box.mails[0][1]["Subject"] == "Je bent gevraagd voor een consultatie"


def test_without_mail_settings_nothing_is_sent_and_the_notice_is_still_stored(app):
    with local_smtp() as box:
        store, done, sent = ask_anna(app)  # the app has no MAIL_* settings
    assert sent == 0 and box.mails == []
    assert store.consultation(done.consultation.id) is not None
    assert [n.what for n in store.notices("p-anna", unread_only=True)] == ["gevraagd"]


def test_a_dead_mail_server_leaves_the_step_done_and_is_logged(app, caplog):
    port = free_port()  # nobody listens there
    configure(app, port)
    with caplog.at_level(logging.WARNING, logger="web.notify"):
        store, done, sent = ask_anna(app)
    assert sent == 0
    stored = store.consultation(done.consultation.id)
    assert stored is not None and stored.state == "gevraagd"
    assert [n.what for n in store.notices("p-anna")] == ["gevraagd"]
    assert any("1 of 1 notice mail(s) not sent" in r.getMessage() and f"127.0.0.1:{port}" in r.getMessage()
               for r in caplog.records)


def test_nobody_with_an_address_means_the_server_is_not_even_asked(app, caplog):
    configure(app, free_port())  # dead: asking it would log a warning
    store, done, _ = ask_anna(app)  # Anna's mail fails: logged
    caplog.clear()
    with app.app_context(), caplog.at_level(logging.WARNING, logger="web.notify"):
        accepted = consult.accept(store, done.consultation.id, by=store.get_user("specialist"))
        assert [n.professional for n in accepted.notices] == ["p-bram"]  # Bram has no e-mail address
        assert deliver(store, accepted.notices) == 0
    assert not [r for r in caplog.records if "not sent" in r.getMessage()]
    assert [n.what for n in store.notices("p-bram")] == ["geaccepteerd"]


def test_a_refused_address_is_logged_and_the_others_still_get_theirs(app, caplog):
    store = app.extensions[STORE]
    import_document(json.dumps({"format": "kernteamdb/1", "professionals": [
        {"id": "p-anna", "name": "Anna de Vries", "email": f"anna@{REFUSED_DOMAIN}"},
        {"id": "p-cees", "name": "Cees Bakker", "email": "cees@example.org"}]}), store)
    notices = [Notice(professional=p, at=datetime.now(UTC), consultation="c-1", what="gevraagd")
               for p in ("p-anna", "p-cees")]
    with local_smtp() as box:
        configure(app, box.port)
        with app.app_context(), caplog.at_level(logging.WARNING, logger="web.notify"):
            assert deliver(store, notices) == 1
    assert [recipients for recipients, _ in box.mails] == [["cees@example.org"]]
    assert any("refused the notice for p-anna" in r.getMessage() for r in caplog.records)


def test_a_mail_user_without_starttls_sends_nothing_rather_than_a_password_in_clear(app, caplog):
    with local_smtp() as box:
        configure(app, box.port, MAIL_USER="kernteamdb")
        with caplog.at_level(logging.WARNING, logger="web.notify"):
            store, done, sent = ask_anna(app)
    assert sent == 0 and box.mails == []
    assert store.consultation(done.consultation.id) is not None
    assert any("without STARTTLS" in r.getMessage() for r in caplog.records)


def test_the_settings_may_come_from_the_environment(pool_file, tmp_path, monkeypatch):
    import shutil

    from graph.stores import open_store

    copy = tmp_path / "pool.db"
    shutil.copyfile(pool_file[0], copy)
    store = open_store(f"sqlite:///{copy}")
    try:
        with local_smtp() as box:
            monkeypatch.setenv("KERNTEAMDB_SMTP_HOST", "127.0.0.1")
            monkeypatch.setenv("KERNTEAMDB_SMTP_PORT", str(box.port))
            monkeypatch.setenv("KERNTEAMDB_SMTP_SENDER", SENDER)
            monkeypatch.setenv("KERNTEAMDB_BASE_URL", BASE)
            monkeypatch.delenv("KERNTEAMDB_SMTP_USER", raising=False)
            _, done, sent = ask_anna(create_app({"TESTING": True}, store=store))
        assert sent == 1 and box.mails[0][0] == ["anna@example.org"]
        assert f"{BASE}/consultaties/{done.consultation.id}" in box.mails[0][1].get_content()
    finally:
        store.close()
