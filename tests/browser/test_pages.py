"""A worker's way through the app in a real Chromium: sign in, search, open a
profile, see the network drawn, find a path; the language switch; and stored
markup that stays text in the drawn graph."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import MARKUP_NAME

pytestmark = pytest.mark.browser


def test_sign_in_search_and_see_result_cards(worker):
    window, page = worker, worker.page
    assert page.get_by_role("heading", level=1).inner_text() == "Zoek een specialist"  # the start page
    page.get_by_label("Wat heeft het huishouden nodig?").fill("geheugenproblemen")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/zoeken\?q=geheugenproblemen"))
    cards = page.locator("li.card")
    assert cards.count() >= 5
    assert re.fullmatch(r"\d+ specialisten voor Dementie", page.locator("#results-title").inner_text())
    first = cards.first
    assert first.locator("a[href^='tel:']").count() == 1 and first.locator("a[href^='mailto:']").count() == 1
    assert "Hoe je verbonden bent" in first.inner_text()
    window.shot("zoeken-geheugenproblemen")


def test_filters_narrow_the_cards(worker):
    window, page = worker, worker.page
    window.goto("/zoeken?q=dementie")
    everyone = page.locator("li.card h3").all_inner_texts()
    page.locator("summary", has_text="Filters").click()  # folded until opened
    page.get_by_label("Organisatie").select_option(label="Vivent")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_url(re.compile("organisatie=org-vivent"))
    at_vivent = page.locator("li.card h3").all_inner_texts()
    assert at_vivent and set(at_vivent) != set(everyone)
    assert all(", Vivent" in t for t in page.locator("li.card p.status").all_inner_texts())


def test_open_a_profile_from_the_results(worker):
    window, page = worker, worker.page
    window.goto("/zoeken?q=geheugenproblemen")
    name = page.locator("li.card h3 a").first.inner_text()
    page.locator("li.card h3 a").first.click()
    page.wait_for_url(re.compile("/profiel/"))
    assert page.get_by_role("heading", level=1).inner_text() == name
    assert page.get_by_role("heading", name="Uren dit halfjaar").is_visible()
    assert page.locator("#verbinding").is_visible()
    window.shot("profiel")


def test_the_network_is_drawn_and_a_node_opens_the_profile(worker):
    window, page = worker, worker.page
    window.goto("/netwerk?center=p-0046&diepte=2")
    drawn = window.wait_for_graph()
    listed = page.locator("#netwerk-tabel + table tbody a[href^='/profiel/']").count()
    assert drawn == listed > 50  # the drawing and the table hold the same people
    box = page.locator("#graph canvas").first.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 300
    window.shot("netwerk-p-0046-diepte-2")
    # a click on the person in the middle opens their profile
    spot = page.evaluate("window.kernteamGraph.getElementById('p-0046').renderedPosition()")
    graph = page.locator("#graph").bounding_box()
    page.mouse.click(graph["x"] + spot["x"], graph["y"] + spot["y"])
    page.wait_for_url(re.compile("/profiel/p-0046$"))


def test_the_link_kind_boxes_hide_links_in_the_drawing_and_the_table(worker):
    window, page = worker, worker.page
    window.goto("/netwerk?center=p-0046")
    window.wait_for_graph()
    knows = "window.kernteamGraph.edges('[kind = \"knows\"]')"
    assert page.evaluate(f"{knows}.length") > 0
    page.get_by_label("kennen elkaar").uncheck()
    # cytoscape applies a class's style on its next frame: wait for it (at most 5 s)
    page.wait_for_function(f"() => {knows}.filter(e => e.visible()).length === 0", timeout=5_000)
    assert page.locator("#links tr[data-kind=knows]:visible").count() == 0
    page.get_by_label("kennen elkaar").check()
    page.wait_for_function(f"() => {knows}.filter(e => e.visible()).length > 0", timeout=5_000)
    page.get_by_label("zelfde team").check()  # not on the page yet: fetched with the form
    page.wait_for_url(re.compile("soort=team"))
    window.wait_for_graph()
    assert page.evaluate("window.kernteamGraph.edges('[kind = \"team\"]').length") > 0


def test_find_a_path_between_two_people(worker):
    window, page = worker, worker.page
    window.goto("/netwerk/pad")
    page.get_by_label("Van", exact=True).select_option("p-0043")
    page.get_by_label("Naar", exact=True).select_option("p-0100")
    page.get_by_role("button", name="Zoek de verbinding").click()
    page.wait_for_url(re.compile(r"/netwerk/pad\?van=p-0043&naar=p-0100"))
    steps = page.locator("#path-steps li")
    assert steps.count() >= 2
    assert window.wait_for_graph() == steps.count()
    window.shot("netwerk-pad")


def test_the_organisations_drawn(browse):
    window = browse()
    window.sign_in("coordinator")
    window.goto("/netwerk/organisaties")
    assert window.wait_for_graph() > 10
    window.shot("netwerk-organisaties")


def test_switching_to_english_and_back(worker):
    window, page = worker, worker.page
    window.goto("/teams")
    page.get_by_role("button", name="English").click()
    page.wait_for_url(re.compile("/teams$"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Organisations").is_visible()
    page.get_by_role("button", name="Nederlands").click()
    assert page.get_by_role("link", name="Organisaties").is_visible()


def test_english_results_give_their_reasons_in_english(worker):
    window, page = worker, worker.page
    window.goto("/zoeken?q=geheugenproblemen")
    page.get_by_role("button", name="English").click()
    page.wait_for_url(re.compile(r"/zoeken\?q=geheugenproblemen$"))
    why = page.locator("ul.why").first
    assert why.get_attribute("lang") is None  # no longer marked as Dutch: it is English
    lines = why.locator("li").all_inner_texts()
    assert re.fullmatch(r"Specialist in dementia, \d+ cases?, last [A-Z][a-z]{2} 20\d\d", lines[0])
    assert any(re.fullmatch(r"[\d.]+ hours left this half-year|No hours left this half-year", line)
               for line in lines)
    window.shot("search-english")


def test_a_name_with_script_is_drawn_as_text_and_never_runs(worker):
    window, page = worker, worker.page
    window.goto("/netwerk?center=p-markup")
    window.wait_for_graph()
    assert page.evaluate("window.kernteamGraph.getElementById('p-markup').data('label')") == MARKUP_NAME
    assert page.evaluate("window.__pwned") is None
    assert MARKUP_NAME in page.locator("#netwerk-tabel + table").inner_text()
    window.goto("/zoeken?q=dementie&wijk=Zuidoost")
    window.goto("/profiel/p-markup")
    assert page.get_by_role("heading", level=1).inner_text() == MARKUP_NAME
    assert page.evaluate("window.__pwned") is None


def test_everything_works_by_keyboard_from_the_skip_link(worker):
    window, page = worker, worker.page
    window.goto("/expertise")  # (the search page puts the focus in its search box instead)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").bounding_box()["y"] >= 0  # shown when it has focus
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # visible focus
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")  # past the header
    window.goto("/zoeken")
    # autofocus is applied at the browser's next rendering step, possibly after the load event
    page.wait_for_function("document.activeElement && document.activeElement.id === 'q'")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")  # opens the folded filters
    reached = []
    for _ in range(12):
        reached.append(page.evaluate("document.activeElement.id || document.activeElement.name"))
        page.keyboard.press("Tab")
    assert {"wijk", "organisatie", "domein", "model", "uren"} <= set(reached)
    page.locator("#q").focus()
    page.keyboard.type("schulden")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=schulden"))
    assert page.locator("li.card").count() > 0
