"""A change whose commit lost its connection (``SaveUncertain``: the Neo4j
store's ``IncompleteCommit``) may have been saved: the page says so and asks
to look before doing it again, instead of the outage page's "try again",
which could make the change twice; the API says it in its message."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from directory.errors import SaveUncertain
from tests.web.conftest import bearer, signed_in_client
from tests.web.test_edit_profile import form_of

LOST = "the connection to the Neo4j server broke while a change was being saved: it may or may not " \
       "have been saved; look before trying again"


@pytest.fixture
def unsure_app(fresh_app: Flask, monkeypatch: pytest.MonkeyPatch) -> Flask:
    """The app on a store whose every write loses its answer."""
    store = fresh_app.extensions["kernteamdb.store"]

    def apply(*_: Any, **__: Any) -> int:
        raise SaveUncertain(LOST)

    monkeypatch.setattr(store, "apply", apply)
    return fresh_app


def test_a_form_whose_save_may_or_may_not_have_happened_says_so(unsure_app):
    coordinator = signed_in_client(unsure_app, "coordinator")
    form = {**form_of(coordinator, "/profiel/p-cees/bewerken"), "bio": "Een nieuwe bio"}
    answer = coordinator.post("/profiel/p-cees/bewerken", data=form)
    assert answer.status_code == 503 and "text/html" in answer.content_type
    page = answer.get_data(as_text=True)
    assert "Niet zeker of het bewaard is" in page and "Kijk het na voordat je het opnieuw doet" in page
    assert "Probeer het zo opnieuw" not in page


def test_the_api_says_it_may_or_may_not_have_been_saved(unsure_app, tokens):
    answer = unsure_app.test_client().post("/api/v1/teams", headers=bearer(tokens["coordinator"]),
                                           json={"name": "Kernteam West", "kind": "kernteam",
                                                 "wijk": "West"})
    assert answer.status_code == 503
    assert answer.get_json()["error"] == {"code": "unavailable", "message": LOST, "details": [],
                                          "problems": []}
