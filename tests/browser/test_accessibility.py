"""WCAG 2.1 AA basics on every page, checked by axe-core in Chromium: labels,
contrast, landmarks, heading order, names of links and buttons, language."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
PAGES = [
    "/", "/zoeken?q=geheugenproblemen", "/zoeken?q=dementie+en+schulden", "/zoeken?q=opvoedproblemen",
    "/zoeken?q=dementie&organisatie=org-gemeente", "/profiel/p-0046", "/netwerk?center=p-0046&diepte=2",
    "/netwerk/pad?van=p-0043&naar=p-0100", "/netwerk/organisaties", "/expertise", "/expertise/dementie",
    "/expertise/tekorten?wijk=Zuidoost", "/teams", "/teams/kt-zuidoost", "/organisaties",
    "/organisaties/org-vivent", "/meldingen", "/toegankelijkheid", "/nergens",
]
MISSING = {"/nergens"}
RUN_AXE = """async (tags) => {
  const found = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  const where = v => v.nodes.map(n => n.target.join(' ')).join(', ');
  const violations = found.violations.map(v => `${v.id} (${v.impact}): ${where(v)}`);
  return {passed: found.passes.length, violations: violations};
}"""


def violations(window, path: str) -> list[str]:
    window.goto(path, failing=path in MISSING)
    if window.page.locator("#graph").count():
        window.wait_for_graph()
    found = window.page.evaluate(RUN_AXE, WCAG)
    assert found["passed"] > 10, "axe-core did not check the page"
    return list(found["violations"])


def test_the_check_notices_a_control_without_a_label(browse):
    window = browse(axe=True)
    window.goto("/inloggen")
    window.page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<input id=x>')")
    assert any(v.startswith("label ") for v in window.page.evaluate(RUN_AXE, WCAG)["violations"])


def test_the_login_page(browse):
    window = browse(axe=True)
    assert violations(window, "/inloggen") == []


def test_every_page_signed_in(browse):
    window = browse(axe=True)
    window.sign_in()
    found = {path: violations(window, path) for path in PAGES}
    assert {path: v for path, v in found.items() if v} == {}


def test_english_pages(browse):
    window = browse(axe=True, locale="en-GB")
    window.goto("/inloggen")
    page = window.page
    page.get_by_label("User name").fill("specialist")
    page.get_by_label("Password").fill("demo")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(window.base + "/")
    assert page.locator("html").get_attribute("lang") == "en"
    found = {path: violations(window, path) for path in ("/", "/zoeken?q=dementie", "/netwerk")}
    assert {path: v for path, v in found.items() if v} == {}
