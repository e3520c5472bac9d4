"""Beheer > Audittrail: coordinators and admins read, filter, page and export
the trail (sign-ins included); bad filters get Dutch messages and show nothing."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime

import pytest

from directory.accounts.roles import ROLES
from directory.pool import maintain as pool_service
from directory.ports import AuditEntry
from tests.web.conftest import PASSWORD, csrf_token, signed_in_client

MANAGERS = ("coordinator", "admin")


def table_rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    return re.findall(r"<tr>(.*?)</tr>", body, re.S)


@pytest.mark.parametrize("role", ROLES)
def test_only_coordinators_and_admins_read_and_export_the_trail(as_role, role):
    client = as_role(role)
    expected = 200 if role in MANAGERS else 403
    page = client.get("/beheer/audit")
    assert page.status_code == expected
    assert client.get("/beheer/audit/export?formaat=csv").status_code == expected
    assert client.get("/beheer/audit?soort=mensen").status_code == (400 if role in MANAGERS else 403)
    if role in MANAGERS:
        assert table_rows(page.get_data(as_text=True))  # the import of the pool, the tokens made


def test_sign_ins_and_failed_ones_show(fresh_app):
    visitor = fresh_app.test_client()
    token = csrf_token(visitor)
    visitor.post("/inloggen", data={"csrf_token": token, "name": "triagist", "password": "fout wachtwoord"})
    visitor.post("/inloggen", data={"csrf_token": token, "name": "mijn wachtwoord", "password": "x"})
    assert visitor.post("/inloggen", data={"csrf_token": token, "name": "triagist",
                                           "password": PASSWORD}).status_code == 302
    html = signed_in_client(fresh_app, "coordinator").get("/beheer/audit?soort=signin").get_data(as_text=True)
    rows = table_rows(html)
    assert len(rows) == 3
    assert "triagist" in rows[0] and "inloggen mislukt" in rows[0]
    assert "(unknown name)" in rows[1] and "mijn wachtwoord" not in html
    assert "triagist" in rows[2] and "ingelogd" in rows[2] and "aanmelding" in rows[2]


def test_filters_and_the_summary_of_a_change(fresh_app):
    store = fresh_app.extensions["kernteamdb.store"]
    version = store.versions("professionals", ["p-anna"])["p-anna"]
    pool_service.edit(store, "professionals", "p-anna", {"bio": "Nieuw <b>vet</b>"}, version=version,
                      by=store.get_user("coordinator"))
    client = signed_in_client(fresh_app, "admin")
    html = client.get("/beheer/audit?soort=professionals&record=p-anna").get_data(as_text=True)
    rows = table_rows(html)
    assert len(rows) == 2 and all("p-anna" in row for row in rows)
    assert "geïmporteerd" in rows[0] and "gewijzigd" in rows[1] and "coordinator" in rows[1]
    assert "<code>bio</code>: – → Nieuw &lt;b&gt;vet&lt;/b&gt;" in rows[1]  # escaped, never markup
    by_user = table_rows(client.get("/beheer/audit?gebruiker=coordinator").get_data(as_text=True))
    assert len(by_user) == 1
    today = datetime.now(UTC).date().isoformat()
    assert len(table_rows(client.get(f"/beheer/audit?gebruiker=coordinator&vanaf={today}&tot={today}")
                          .get_data(as_text=True))) == 1  # "tot en met" includes the day itself
    later = client.get("/beheer/audit?vanaf=2999-01-01").get_data(as_text=True)
    assert table_rows(later) == [] and "Geen regels die aan deze filters voldoen." in later


@pytest.mark.parametrize(("query", "message"), [
    ("soort=mensen", "Kies een soort uit de lijst."),
    ("vanaf=gisteren", "Vul een datum in als JJJJ-MM-DD, bijvoorbeeld 2026-11-16."),
    ("vanaf=2026-13-01", "Vul een datum in als JJJJ-MM-DD"),
    ("tot=2026-11-16T10:00", "Vul een datum in als JJJJ-MM-DD"),
    ("vanaf=2026-11-16&tot=2026-11-01", "Deze datum ligt vóór de datum bij &#39;vanaf&#39;."),
    ("pagina=0", "Kies een paginanummer vanaf 1."),
    ("pagina=twee", "Kies een paginanummer vanaf 1."),
    ("record=" + "x" * 101, "Een id heeft hoogstens 100 tekens."),
])
def test_bad_filters_say_what_is_wrong_keep_what_was_typed_and_show_nothing(as_role, query, message):
    answer = as_role("coordinator").get(f"/beheer/audit?{query}")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 400 and message in html
    assert table_rows(html) == [] and "Pas de filters aan; er is niets getoond." in html
    typed = query.split("=", 1)[1].split("&")[0]
    if not query.startswith(("soort", "pagina")):
        assert f'value="{typed}"' in html
    export = as_role("coordinator").get(f"/beheer/audit/export?{query}")
    assert export.status_code == 400 and message in export.get_data(as_text=True)


def test_pages_of_fifty(fresh_app):
    store = fresh_app.extensions["kernteamdb.store"]
    moment = datetime(2026, 11, 1, 12, tzinfo=UTC)
    store.write_audit([AuditEntry(moment, "tester", "teams", f"team-{n:03}", "update") for n in range(60)])
    client = signed_in_client(fresh_app, "coordinator")
    first = client.get("/beheer/audit?gebruiker=tester").get_data(as_text=True)
    assert len(table_rows(first)) == 50 and "team-000" in first and "team-050" not in first
    assert 'href="/beheer/audit?pagina=2&amp;gebruiker=tester" rel="next"' in first
    assert 'rel="prev"' not in first
    second = client.get("/beheer/audit?gebruiker=tester&pagina=2").get_data(as_text=True)
    assert len(table_rows(second)) == 10 and "team-059" in second and 'rel="next"' not in second
    assert 'href="/beheer/audit?pagina=1&amp;gebruiker=tester" rel="prev"' in second


def test_export_of_the_filtered_entries_as_json_lines_and_csv(fresh_app):
    store = fresh_app.extensions["kernteamdb.store"]
    store.write_audit([AuditEntry(datetime(2026, 11, 2, tzinfo=UTC), "tester", "teams", "=cmd|x", "update",
                                  {"name": "Oud"}, {"name": "Nieuw"})] * 2)
    client = signed_in_client(fresh_app, "coordinator")
    lines = client.get("/beheer/audit/export?formaat=jsonl&gebruiker=tester")
    assert lines.headers["Content-Disposition"] == 'attachment; filename="audittrail.jsonl"'
    entries = [json.loads(line) for line in lines.get_data(as_text=True).splitlines()]
    assert [(e["user"], e["id"], e["after"]) for e in entries] == \
        [("tester", "=cmd|x", {"name": "Nieuw"})] * 2
    table = client.get("/beheer/audit/export?formaat=csv&gebruiker=tester")
    assert table.mimetype == "text/csv"
    assert table.headers["Content-Disposition"] == 'attachment; filename="audittrail.csv"'
    text = table.get_data().decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["seq", "at", "user", "kind", "id", "action", "before", "after", "revision"]
    assert len(rows) == 3 and rows[1][4] == "'=cmd|x"  # no formula for a spreadsheet
    assert json.loads(rows[1][7]) == {"name": "Nieuw"}
    everything = client.get("/beheer/audit/export").get_data(as_text=True).splitlines()
    assert len(everything) == len(store.audit_entries())
    bad = client.get("/beheer/audit/export?formaat=xml")
    assert bad.status_code == 400 and "Kies JSON-regels of CSV." in bad.get_data(as_text=True)
