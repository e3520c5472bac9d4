"""Where "Consultatie aanvragen" is offered: only to who may file a request
(wijkteam members and coordinators), and not for a specialist who has no
hours left this half-year — except to a coordinator, who may make an exception."""

from __future__ import annotations

from tests.web.consult_helpers import as_user
from tests.web.test_consult_refusals import accepted, book_up_to

SPECIALIST = "p-0046"  # Jasper Maas, the demo's specialist user


def offers_request(client, path: str) -> bool:
    return "Consultatie aanvragen" in client.get(path).get_data(as_text=True)


def test_a_profile_offers_a_request_only_to_who_may_file_and_only_with_hours(demo_app):
    worker, specialist, cid = accepted(demo_app)
    coordinator = as_user(demo_app, "coordinator")
    assert offers_request(worker, f"/profiel/{SPECIALIST}")
    assert not offers_request(specialist, "/profiel/p-0001")  # a specialist does not file requests
    book_up_to(demo_app, specialist, cid, 40)
    assert not offers_request(worker, f"/profiel/{SPECIALIST}")
    assert offers_request(coordinator, f"/profiel/{SPECIALIST}")


def test_a_search_result_offers_a_request_only_to_who_may_file_and_only_with_hours(demo_app):
    worker, specialist, cid = accepted(demo_app)
    coordinator = as_user(demo_app, "coordinator")
    search = "/zoeken?q=dementie"
    link = f'href="/consultaties/nieuw?specialist={SPECIALIST}'
    assert link in worker.get(search).get_data(as_text=True)
    assert "Consultatie aanvragen" not in specialist.get(search).get_data(as_text=True)
    book_up_to(demo_app, specialist, cid, 40)
    assert link not in worker.get(search).get_data(as_text=True)
    assert link in coordinator.get(search).get_data(as_text=True)
