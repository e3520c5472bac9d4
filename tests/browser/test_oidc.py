"""Signing in with the organisation's account in Chromium: the button on the login page,
the provider's own login form (``oidc-provider-mock`` on 127.0.0.1, ``tests/oidc_provider.py``)
and back, signed in as the professional whose e-mail address the provider gave."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.browser.conftest import Watched, serve, windows
from tests.browser.test_accessibility import violations
from tests.oidc_provider import Provider, local_provider, providers_file

pytestmark = pytest.mark.browser
SECRET_ENV = "KERNTEAMDB_BROWSER_OIDC_SECRET"


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    with local_provider() as running:
        yield running


@pytest.fixture(scope="module")
def oidc_app(provider: Provider, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("oidc-browser")
    config = providers_file(folder, provider.issuer, key="demo", label="Gemeente Demo", secret_env=SECRET_ENV,
                            roles={"kt-wijkwerk": "wijkwerker"})
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv(SECRET_ENV, "geheim uit de omgeving")
        yield from serve(folder / "demo.db", {"SECRET_KEY": "oidc browser tests " * 3,
                                              "OIDC_CONFIG": config})


@pytest.fixture
def browse_oidc(chromium: Any, oidc_app: str, request: pytest.FixtureRequest
                ) -> Iterator[Callable[..., Watched]]:
    yield from windows(chromium, oidc_app, request)


def test_signing_in_through_the_providers_own_form(browse_oidc, provider):
    provider.set_user("sanne-k", {"email": "sanne.kuipers@example.org", "groups": ["kt-wijkwerk"]})
    window = browse_oidc(axe=True)
    assert violations(window, "/inloggen") == []  # the page with the provider's button
    window.shot("oidc-login")
    # the provider's page styles itself from a CDN: nothing is fetched from outside this machine
    window.page.route("https://cdn.jsdelivr.net/**",
                      lambda route: route.fulfill(status=200, content_type="text/css", body=""))
    window.page.get_by_role("link", name="Inloggen met Gemeente Demo").click()
    window.page.wait_for_url(f"{provider.issuer}/oauth2/authorize**")
    window.page.get_by_placeholder("sub").fill("sanne-k")
    window.page.get_by_role("button", name="Authorize").click()
    window.page.wait_for_url(window.base + "/")
    header = window.page.locator("header").inner_text()
    assert "Ingelogd als" in header and "Sanne Kuipers" in header  # linked by her e-mail address
    assert "Wachtwoord wijzigen" not in header  # she has no password here
    window.shot("oidc-signed-in")
