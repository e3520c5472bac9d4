"""Errors, translated once: every failure becomes one JSON shape for the API
(``{"error": {"code", "message", "details", "problems"}}``, interfaces.md) or a short
Dutch page for people. Neither ever shows a traceback; unexpected errors
are logged on the server and answered with 500.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, jsonify, make_response, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from directory.errors import DirectoryError, SaveUncertain, StorageFull, StoreReadOnly, Unauthorized
from directory.problems import Problem
from web.guard import wants_json
from web.pages.parts.signed_in import MergedAway

#: The public error codes and their HTTP status (interfaces.md, plus 405 and 500).
STATUS = {
    "invalid_input": 400, "unauthorized": 401, "forbidden": 403, "not_found": 404,
    "method_not_allowed": 405, "conflict": 409, "too_large": 413, "internal_error": 500,
    "unavailable": 503,
}
_CODE_OF_STATUS = {status: code for code, status in STATUS.items()}

#: What a person reads on an error page, per status (in the page's language).
PAGES = {
    400: (_l("Dit verzoek klopt niet"), _l("Controleer wat je hebt ingevuld en probeer het opnieuw.")),
    403: (_l("Geen toegang"),
          _l("Met jouw rol kun je dit niet doen. Vraag het de coördinator of beheerder.")),
    404: (_l("Niet gevonden"), _l("Deze pagina of dit gegeven bestaat niet (meer).")),
    405: (_l("Niet mogelijk"), _l("Dit kan op deze pagina niet.")),
    413: (_l("Te groot"), _l("Wat je verstuurde is groter dan de gids aanneemt.")),
    500: (_l("Er ging iets mis"), _l("Er ging aan onze kant iets mis. Probeer het later opnieuw; "
                                     "blijft het misgaan, meld het dan bij de beheerder.")),
    503: (_l("Even niet bereikbaar"),
          _l("De gids is op dit moment niet bereikbaar. Probeer het zo opnieuw.")),
}
#: A store that cannot save, or may not have (finding out is the same on every page and in
#: the API: 503).
STORAGE_PAGES = {
    StorageFull: (_l("De opslag is vol"),
                  _l("De opslag is vol: wat je deed is niet bewaard. Meld het bij de beheerder; "
                     "zoeken en bekijken gaan gewoon door.")),
    StoreReadOnly: (_l("Alleen lezen"),
                    _l("De gids kan nu alleen gelezen worden: wat je deed is niet bewaard. "
                       "Meld het bij de beheerder; zoeken en bekijken gaan gewoon door.")),
    # the connection broke during the commit: "try again" could make the change twice
    SaveUncertain: (_l("Niet zeker of het bewaard is"),
                    _l("De verbinding met de opslag viel weg terwijl je wijziging werd bewaard: "
                       "misschien is die bewaard, misschien niet. Kijk het na voordat je het "
                       "opnieuw doet.")),
}
CSRF_PAGE = (_l("Formulier verlopen"), _l("Het formulier is verlopen of niet geldig. "
                                          "Laad de pagina opnieuw en probeer het nog eens."))


def error_body(code: str, message: str, problems: list[Problem] | None = None) -> dict[str, Any]:
    """The API's error: ``details`` the problems' English lines (as they have
    always been), ``problems`` the same as field, code and values."""
    found = list(problems or [])
    return {"error": {"code": code, "message": message, "details": [p.line for p in found],
                      "problems": [p.as_json() for p in found]}}


def _answer(status: int, code: str, message: str, problems: list[Problem] | None = None,
            page: tuple[Any, Any] | None = None) -> Any:
    if wants_json():
        response = jsonify(error_body(code, message, problems))
        response.status_code = status
        if status == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="kernteamdb"'
        return response
    title, text = page or PAGES.get(status, PAGES[500])
    return render_template("error.html", status=status, title=title, text=text), status


def directory_error(exc: DirectoryError) -> Any:
    if isinstance(exc, Unauthorized) and not wants_json():
        return redirect(url_for("auth.login"))
    page = next((text for kind, text in STORAGE_PAGES.items() if isinstance(exc, kind)), None)
    return _answer(STATUS.get(exc.code, 500), exc.code, exc.message, exc.problems, page=page)


def merged_away(exc: MergedAway) -> Any:
    """An old link to a merged professional or area: 404, and where it went."""
    if wants_json():
        return directory_error(exc)
    endpoint = {"professionals": "profile.profile", "expertise": "expertise.area"}.get(exc.kind)
    target = None
    if endpoint == "profile.profile":
        target = url_for(endpoint, professional_id=exc.kept)
    elif endpoint == "expertise.area":
        target = url_for(endpoint, area_id=exc.kept)
    return render_template("merged_away.html", kind=exc.kind, target=target), 404


def http_error(exc: HTTPException) -> Any:
    status = exc.code or 500
    code = _CODE_OF_STATUS.get(status, "invalid_input" if status < 500 else "internal_error")
    if isinstance(exc, CSRFError):
        return _answer(400, "invalid_input", f"CSRF token missing or wrong: {exc.description}",
                       page=CSRF_PAGE)
    message = {404: "no such resource", 405: f"{request.method} is not allowed here",
               413: "the request is too large"}.get(status, exc.name.lower())
    response = make_response(_answer(status, code, message))
    if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
        # RFC 9110: a 405 names what is allowed (werkzeug's own answer would; this one replaces it)
        response.headers["Allow"] = ", ".join(sorted(exc.valid_methods))
    return response


def unexpected_error(exc: Exception) -> Any:
    """Anything unforeseen: logged with its traceback on the server, never shown."""
    current_app.logger.exception("unexpected error on %s %s", request.method, request.path)
    return _answer(500, "internal_error", "something went wrong on the server")


def register(app: Flask) -> None:
    app.register_error_handler(DirectoryError, directory_error)
    app.register_error_handler(MergedAway, merged_away)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(Exception, unexpected_error)
