"""Profiel: what a worker sees about a specialist before calling."""

from __future__ import annotations

from tests.conftest import small_document
from tests.web.conftest import worker_on


def test_signed_out_a_profile_sends_you_to_the_login(client):
    answer = client.get("/profiel/p-anna")
    assert answer.status_code == 302 and "/inloggen" in answer.headers["Location"]


def test_a_profile_shows_expertise_evidence_hours_shared_cases_and_the_way_there(as_role):
    html = as_role("wijkwerker").get("/profiel/p-anna").get_data(as_text=True)
    assert "<h1>Anna de Vries</h1>" in html
    assert 'casemanager dementie, <a href="/organisaties/org-vivent">Vivent</a>' in html
    # declared level with the cases that show it, and cases in an area she never declared
    dementie = '<td><a href="/expertise/dementie">Dementie</a></td>'
    assert f"{dementie}<td>specialist</td><td>2</td><td>aug 2026</td>" in html
    assert '<td><a href="/expertise/schulden">Schuldhulpverlening</a></td><td>niet opgegeven</td><td>1</td>' \
        in html
    assert '<a href="/teams/kt-zuidoost">Kernteam Zuidoost</a>' in html and "Zuidoost" in html
    assert "van 40 uur gebruikt, nog " in html  # her budget this half-year, in Dutch numbers
    # the cases my team (Bram's wijkteam) shared with her, per area and date: counts only
    shared = html[html.index("Samen met Sociaal wijkteam Zuidoost"):]
    assert "<tr><td>Dementie</td><td>2</td><td>aug 2026</td></tr>" in shared
    assert "<tr><td>Schuldhulpverlening</td><td>1</td><td>aug 2026</td></tr>" in shared
    # the signed-in wijkwerker is Bram, who worked with her directly
    anna = '<a href="/profiel/p-anna">Anna de Vries</a>'
    assert f"<li>Bram Jansen</li><li>{anna} — samen aan casussen gewerkt (2)</li>" in html
    assert 'href="tel:06-00000001"' in html


def test_search_results_link_to_profiles(as_role):
    html = as_role("wijkwerker").get("/zoeken?q=dementie").get_data(as_text=True)
    assert 'href="/profiel/p-anna"' in html


def test_an_unknown_profile_is_the_dutch_404_page(as_role):
    answer = as_role("wijkwerker").get("/profiel/p-nobody")
    assert answer.status_code == 404 and "Niet gevonden" in answer.get_data(as_text=True)


def test_a_bio_with_html_is_shown_as_text(store):
    document = small_document()
    document["professionals"][0]["bio"] = "<img src=x onerror=alert(1)> Casemanager"
    html = worker_on(store, document).get("/profiel/p-anna").get_data(as_text=True)
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt; Casemanager" in html


def test_the_header_names_who_is_signed_in_also_on_someone_elses_profile(as_role):
    html = as_role("wijkwerker").get("/profiel/p-anna").get_data(as_text=True)  # signed in as Bram
    header = html[html.index("<header"):html.index("<main")]
    assert "<strong>Bram Jansen</strong>" in header and "Anna de Vries" not in header
