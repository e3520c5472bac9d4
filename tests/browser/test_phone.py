"""On a phone (360 px wide, a wijkwerker on a home visit) and with only a
keyboard: no page is wider than the screen, the menu folds behind a button,
the search box and the results come first, and after a search the focus is
on the heading with the count, so the first result is one Tab away."""

from __future__ import annotations

import re

import pytest

from tests.browser.test_accessibility import RUN_AXE, WCAG

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 780}
WORKER_PAGES = ["/", "/zoeken?q=geheugenproblemen+en+schulden", "/profiel/p-0046",
                "/netwerk?center=p-0046&diepte=2", "/expertise/dementie", "/teams/kt-zuidoost",
                "/organisaties/org-vivent", "/consultaties", "/consultaties/nieuw?specialist=p-0046",
                "/meldingen", "/toegankelijkheid"]
COORDINATOR_PAGES = ["/beheer/", "/beheer/evaluatie", "/beheer/actualiteit", "/beheer/import",
                     "/beheer/audit", "/expertise/tekorten?wijk=Zuidoost"]


def page_width(window) -> int:
    return int(window.page.evaluate("() => document.documentElement.scrollWidth"))


@pytest.mark.parametrize(("role", "paths"), [("wijkwerker", WORKER_PAGES),
                                             ("coordinator", COORDINATOR_PAGES)])
def test_no_page_is_wider_than_a_phone_and_axe_finds_nothing(browse, role, paths):
    window = browse(axe=True, **PHONE)
    window.sign_in(role)
    wide, violations = {}, {}
    for path in paths:
        window.goto(path)
        if page_width(window) > PHONE["width"]:
            wide[path] = page_width(window)
        found = window.page.evaluate(RUN_AXE, WCAG)["violations"]
        if found:
            violations[path] = found
    window.shot(f"telefoon-{role}")
    assert wide == {} and violations == {}


def test_the_menu_folds_behind_a_button_on_a_phone(browse):
    window = browse(**PHONE)
    window.sign_in()
    page = window.page
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    button = page.get_by_role("button", name="Menu")
    assert not menu.is_visible() and button.get_attribute("aria-expanded") == "false"
    # the question comes first: the search box is in the first screen
    assert page.get_by_label("Wat heeft het huishouden nodig?").bounding_box()["y"] < 300
    button.click()
    assert menu.is_visible() and button.get_attribute("aria-expanded") == "true"
    menu.get_by_role("link", name="Expertise").click()
    page.wait_for_url(re.compile(r"/expertise$"))


def test_from_the_start_page_the_first_result_is_three_tabs_away_at_most(worker):
    page = worker.page
    # the search box has the focus (autofocus: applied at the next rendering step, so wait for it)
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'q'")
    page.keyboard.type("dementie")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/zoeken\?q=dementie"))
    heading = page.locator("#results-title")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'results-title'")
    count = int(heading.inner_text().split()[0])
    assert count >= 5 and page.title().startswith(f"Zoeken: dementie ({count} resultaten)")
    first = page.locator("li.card h3 a").first.get_attribute("href")
    for _ in range(3):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.getAttribute('href')") == first:
            break
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == first


def test_on_a_phone_the_results_are_compact_and_their_reasons_one_tap_away(browse):
    window = browse(**PHONE)
    window.sign_in()
    page = window.page
    window.goto("/zoeken?q=dementie")
    reasons = page.locator("li.card details.why-fold").first
    assert reasons.get_attribute("open") is None  # folded
    tallest = page.evaluate("() => Math.max(...[...document.querySelectorAll('li.card')]"
                            ".map(c => c.getBoundingClientRect().height))")
    assert page.locator("li.card").count() == 10 and tallest < PHONE["height"]  # each card fits a screen
    reasons.locator("summary").click()
    assert reasons.locator("ul.why li").first.is_visible()
    window.shot("telefoon-zoeken")


def test_on_a_wide_screen_the_reasons_are_open(worker):
    worker.goto("/zoeken?q=dementie")
    assert worker.page.locator("li.card ul.why li").first.is_visible()
