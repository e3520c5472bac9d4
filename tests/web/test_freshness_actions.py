"""Beheer > Actualiteit: per person "Herinner nu" (the reminder mail, sent to a
real SMTP server on 127.0.0.1) and "Bevestig namens" (confirm on their behalf);
both audited, CSRF-protected and refused for other roles, also below the web
layer; a clear message when mail is not set up."""

from __future__ import annotations

import re
from datetime import date

import pytest

from directory.accounts.roles import ROLES
from directory.errors import Forbidden
from directory.pool.reminders import NotRemindable, remind_now
from tests.mailbox import local_smtp
from tests.web.conftest import csrf_token, signed_in_client

TODAY = date(2026, 11, 16)
PAGE = "/beheer/actualiteit"


@pytest.fixture
def app(fresh_app, monkeypatch):
    monkeypatch.delenv("KERNTEAMDB_SMTP_HOST", raising=False)
    for key in [k for k in fresh_app.config if k.startswith("MAIL_")]:
        del fresh_app.config[key]
    fresh_app.config["TODAY"] = TODAY
    return fresh_app


def the_store(app):
    return app.extensions["kernteamdb.store"]


def button_form(html: str, action: str) -> dict[str, str]:
    """The hidden fields of the form posting to ``action``, as a browser sends them."""
    form = re.search(rf'<form method="post" action="{re.escape(action)}">(.*?)</form>', html, re.S)
    assert form, f"no button for {action}"
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form.group(1)))


def audit_actions(app, record: str) -> list[tuple[str, str]]:
    """Who did what to ``record`` through the app (the pool's import left out)."""
    return [(e.user, e.action) for e in the_store(app).audit_entries(kind="professionals", record=record)
            if e.action != "import"]


def test_confirm_on_behalf_takes_the_profile_off_the_list_and_is_audited(app):
    coordinator = signed_in_client(app, "coordinator")
    html = coordinator.get(f"{PAGE}?organisatie=org-vivent").get_data(as_text=True)
    form = button_form(html, f"{PAGE}/p-cees/bevestigen")
    assert form["organisatie"] == "org-vivent"
    answer = coordinator.post(f"{PAGE}/p-cees/bevestigen", data=form)
    assert answer.status_code == 303 and answer.headers["Location"].endswith("?organisatie=org-vivent")
    page = coordinator.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Het profiel van Cees Bakker is bevestigd, namens deze persoon." in page
    assert the_store(app).get("professionals", "p-cees").confirmed == TODAY
    assert ("coordinator", "confirm") in audit_actions(app, "p-cees")
    assert f"{PAGE}/p-cees/bevestigen" not in page  # no longer stale


def test_a_confirmation_on_a_version_changed_meanwhile_is_refused(app):
    coordinator = signed_in_client(app, "coordinator")
    form = button_form(coordinator.get(PAGE).get_data(as_text=True), f"{PAGE}/p-cees/bevestigen")
    form["version"] = str(int(form["version"]) + 5)
    answer = coordinator.post(f"{PAGE}/p-cees/bevestigen", data=form)
    assert answer.status_code == 409
    html = answer.get_data(as_text=True)
    assert "Iemand anders heeft het profiel van Cees Bakker intussen gewijzigd" in html
    assert the_store(app).get("professionals", "p-cees").confirmed is None


def test_remind_now_mails_the_person_and_records_it_once_in_two_weeks(app):
    coordinator = signed_in_client(app, "coordinator")
    with local_smtp() as box:
        app.config.update(MAIL_HOST="127.0.0.1", MAIL_PORT=box.port, MAIL_SENDER="gids@example.org",
                          MAIL_BASE_URL="https://gids.example", MAIL_TIMEOUT=5.0)
        html = coordinator.get(PAGE).get_data(as_text=True)
        assert "De e-mail is niet ingesteld" not in html
        form = button_form(html, f"{PAGE}/p-anna/herinneren")
        answer = coordinator.post(f"{PAGE}/p-anna/herinneren", data=form)
        assert answer.status_code == 303
        assert "Herinnering verstuurd aan Anna de Vries." in coordinator.get(PAGE).get_data(as_text=True)
        again = coordinator.post(f"{PAGE}/p-anna/herinneren", data=form)
    assert [recipients for recipients, _ in box.mails] == [["anna@example.org"]]
    mail = box.mails[0][1]
    assert "https://gids.example/profiel/p-anna/bevestigen" in mail.get_content()
    assert audit_actions(app, "p-anna") == [("coordinator", "remind")]
    assert again.status_code == 409
    assert "kreeg minder dan twee weken geleden een herinnering; er is niets verstuurd" \
        in again.get_data(as_text=True)
    assert f"{PAGE}/p-anna/herinneren" not in coordinator.get(PAGE).get_data(as_text=True)


def test_without_mail_settings_the_page_says_so_and_nothing_is_sent(app):
    coordinator = signed_in_client(app, "coordinator")
    html = coordinator.get(PAGE).get_data(as_text=True)
    assert "De e-mail is niet ingesteld: herinneringen kunnen hier niet worden verstuurd." in html
    assert "Herinner nu" not in html and "Bevestig namens" in html
    form = button_form(html, f"{PAGE}/p-anna/bevestigen")  # a crafted reminder post
    answer = coordinator.post(f"{PAGE}/p-anna/herinneren", data=form)
    assert answer.status_code == 503
    assert "De e-mail is niet ingesteld, dus er is niets verstuurd." in answer.get_data(as_text=True)
    assert audit_actions(app, "p-anna") == []


def test_a_person_without_an_address_gets_no_button_and_a_crafted_post_is_refused(app):
    app.config.update(MAIL_HOST="127.0.0.1", MAIL_PORT=1, MAIL_SENDER="gids@example.org",
                      MAIL_BASE_URL="https://gids.example")
    coordinator = signed_in_client(app, "coordinator")
    html = coordinator.get(PAGE).get_data(as_text=True)
    assert f"{PAGE}/p-anna/herinneren" in html and f"{PAGE}/p-eva/herinneren" not in html
    form = button_form(html, f"{PAGE}/p-eva/bevestigen")
    answer = coordinator.post(f"{PAGE}/p-eva/herinneren", data=form)  # refused before any server
    assert answer.status_code == 409
    html = answer.get_data(as_text=True)
    assert "Van Eva Mulder is geen e-mailadres bekend; er is niets verstuurd." in html


def test_without_a_csrf_token_nothing_happens(app):
    coordinator = signed_in_client(app, "coordinator")
    form = button_form(coordinator.get(PAGE).get_data(as_text=True), f"{PAGE}/p-cees/bevestigen")
    del form["csrf_token"]
    assert coordinator.post(f"{PAGE}/p-cees/bevestigen", data=form).status_code == 400
    assert the_store(app).get("professionals", "p-cees").confirmed is None


@pytest.mark.parametrize("role", [r for r in ROLES if r not in ("coordinator", "admin")])
def test_other_roles_are_refused_even_for_their_own_profile(app, role):
    client = signed_in_client(app, role)
    token = csrf_token(client, "/teams")
    for action in ("bevestigen", "herinneren"):
        answer = client.post(f"{PAGE}/p-anna/{action}", data={"csrf_token": token, "version": "1"})
        assert answer.status_code == 403
    assert the_store(app).get("professionals", "p-anna").confirmed is None
    assert audit_actions(app, "p-anna") == []


def test_remind_now_checks_the_role_and_the_reasons_itself(app):
    store = the_store(app)
    sent: list = []
    with pytest.raises(Forbidden):
        remind_now(store, "p-anna", sent.append, sender="gids@example.org", base_url="https://gids.example",
                   by=store.get_user("specialist"), today=TODAY)
    with pytest.raises(NotRemindable) as refused:
        remind_now(store, "p-eva", sent.append, sender="gids@example.org", base_url="https://gids.example",
                   by=store.get_user("coordinator"), today=TODAY)
    assert refused.value.reason == "no_email" and sent == []
    remind_now(store, "p-anna", sent.append, sender="gids@example.org", base_url="https://gids.example",
               by=store.get_user("coordinator"), today=TODAY)
    assert [m["To"] for m in sent] == ["anna@example.org"]
