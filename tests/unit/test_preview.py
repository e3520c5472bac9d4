"""Import with a preview: classification without writing, every problem listed,
commit all or nothing and only at the previewed revision, coordinators only."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from directory.accounts.roles import ROLES, User
from directory.errors import Conflict, Forbidden, InvalidInput
from directory.exchange.document import export_document
from directory.exchange.preview import commit, preview
from directory.pool import maintain as pool
from tests.conftest import small_document

COORDINATOR = User("coordinator", "coordinator", created=datetime.now(UTC))


def upload(change=None) -> dict[str, bytes]:
    document = small_document()
    if change:
        change(document)
    return {"pool.json": json.dumps(document).encode()}


def rename_anna(document):
    document["professionals"][0]["name"] = "Anna de Vries-Smit"
    document["professionals"].append({"id": "p-finn", "name": "Finn"})


def test_preview_classifies_each_record_and_writes_nothing(small_store):
    before, revision = export_document(small_store), small_store.revision()
    found = preview(upload(rename_anna), small_store, COORDINATOR)
    assert found.ok and found.revision == revision
    people = found.records["professionals"]
    assert people["new"] == (("p-finn", "Finn"),)
    assert people["changed"] == (("p-anna", "Anna de Vries-Smit"),)
    assert [pid for pid, _ in people["unchanged"]] == ["p-bram", "p-cees", "p-dina", "p-eva"]
    assert found.count("cases", "unchanged") == 3 and found.changes_anything
    assert export_document(small_store) == before and small_store.revision() == revision


def test_preview_lists_every_problem_of_csv_rows(small_store):
    files = {"professionals.csv": b"id;name;expertise\np-x;X;dementia:2\np-y;;\n"}
    found = preview(files, small_store, COORDINATOR)
    assert not found.ok and [p.line for p in found.problems] == [
        "professionals.csv row 2, column expertise: unknown expertise area 'dementia' (no id or name)",
        "professionals.csv row 3, column name: required field is missing"]


def test_json_and_csv_together_are_refused(small_store):
    files = {**upload(), "teams.csv": b"id,name\nt,T\n"}
    assert [p.line for p in preview(files, small_store, COORDINATOR).problems] == [
        "(files): one JSON document, or CSV files, one per kind"]


def test_commit_writes_what_was_previewed_with_audit(small_store):
    found = preview(upload(rename_anna), small_store, COORDINATOR)
    plan = commit(upload(rename_anna), small_store, COORDINATOR, found.revision)
    assert plan.counts["professionals"].new == 1
    assert small_store.get("professionals", "p-anna").name == "Anna de Vries-Smit"
    entries = small_store.audit_entries(user="coordinator", kind="professionals")
    assert {e.record for e in entries} == {"p-anna", "p-finn"}


def test_commit_with_any_problem_changes_nothing(small_store):
    def one_bad(document):
        rename_anna(document)
        document["cases"][0]["areas"] = ["dementia"]

    before = export_document(small_store)
    with pytest.raises(InvalidInput):
        commit(upload(one_bad), small_store, COORDINATOR, small_store.revision())
    assert export_document(small_store) == before


def test_commit_is_refused_when_the_pool_changed_since_the_preview(small_store):
    found = preview(upload(rename_anna), small_store, COORDINATOR)
    cees = small_store.versions("professionals", ["p-cees"])["p-cees"]
    pool.edit(small_store, "professionals", "p-cees", {"bio": "Nieuw"}, version=cees, by=COORDINATOR)
    changed = export_document(small_store)
    with pytest.raises(Conflict) as caught:
        commit(upload(rename_anna), small_store, COORDINATOR, found.revision)
    assert "changed since the preview" in caught.value.message
    assert export_document(small_store) == changed


def test_a_write_between_check_and_apply_is_still_caught(small_store, monkeypatch):
    """The revision check and the write are not one step: the versions the
    write expects catch an edit in between."""
    found = preview(upload(rename_anna), small_store, COORDINATOR)
    real_apply = small_store.apply

    def edit_first(plan):
        version = small_store.versions("professionals", ["p-anna"])["p-anna"]
        monkeypatch.setattr(small_store, "apply", real_apply)
        pool.edit(small_store, "professionals", "p-anna", {"bio": "Tussendoor"}, version=version,
                  by=COORDINATOR)
        return real_apply(plan)

    monkeypatch.setattr(small_store, "apply", edit_first)
    with pytest.raises(Conflict):
        commit(upload(rename_anna), small_store, COORDINATOR, found.revision)
    assert small_store.get("professionals", "p-anna").bio == "Tussendoor"
    assert small_store.get("professionals", "p-finn") is None


@pytest.mark.parametrize("role", ROLES)
def test_only_who_may_change_the_pool_may_preview_and_commit(small_store, role):
    user = User(role, role, created=datetime.now(UTC))
    if role in {"coordinator", "admin"}:
        assert preview(upload(), small_store, user).ok
        commit(upload(), small_store, user, small_store.revision())
        return
    with pytest.raises(Forbidden):
        preview(upload(), small_store, user)
    with pytest.raises(Forbidden):
        commit(upload(rename_anna), small_store, user, small_store.revision())
    assert small_store.get("professionals", "p-finn") is None
