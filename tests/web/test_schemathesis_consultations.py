"""Schemathesis on the consultation endpoints with real consultations behind
them: ``tests/web/test_schemathesis.py`` asks every operation of a demo store
that holds none, so each step would only meet a 404. Here the path's id is
one of three open consultations (one per model, in different states), so the
generated bodies reach the service's checks; asked by a coordinator, who may
take every step. Never a 5xx, never an answer outside the document."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from tests.web.conftest import bearer
from tests.web.consult_api import ASKING, ConsultApi, consult_api
from tests.web.test_schemathesis import CHECKS
from web.openapi.document import openapi_document

pytestmark = pytest.mark.slow

schema = schemathesis.openapi.from_dict(openapi_document()).include(
    path_regex=r"^/api/v1/(consultations|notices|teams/\{id\}/(inbox|agenda|schedule))")


@pytest.fixture
def consultations(demo_store_file: Path, tmp_path: Path) -> Iterator[tuple[ConsultApi, list[str]]]:
    """The app with an asked netwerk request, an accepted one with consent, and a triage request."""
    for api in consult_api(demo_store_file, tmp_path):
        asked = api.file(ASKING)["consultation"]["id"]
        taken = api.file({**ASKING, "consent": True})["consultation"]["id"]
        api.step("specialist", taken, "accept")
        triage = api.file({**ASKING, "specialist": None, "via": "tr-west"})["consultation"]["id"]
        yield api, [asked, taken, triage]


@schema.parametrize()
@settings(max_examples=25, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_consultation_steps_keep_to_the_document(case: Any,
                                                 consultations: tuple[ConsultApi, list[str]]) -> None:
    api, ids = consultations
    if case.path.startswith("/api/v1/consultations/{id}"):
        case.path_parameters = {**(case.path_parameters or {}), "id": ids[len(repr(case.body)) % len(ids)]}
    case.call_and_validate(app=api.app, headers=bearer(api.tokens["coordinator"]), checks=CHECKS)
