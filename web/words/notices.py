"""What each kind of notice says (``directory.consultations.records.NOTICE_KINDS``): one
sentence per kind, used as the line on the notices page (in the reader's
language) and as the subject of the notice's e-mail (in Dutch). One mapping,
so the page and the mail never say different things; a test checks that
every kind has its sentence."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

NOTICE_TEXT = {
    "gevraagd": _l("Je bent gevraagd voor een consultatie"),
    "geaccepteerd": _l("Je consultatieverzoek is aangenomen"),
    "afgewezen": _l("Je consultatieverzoek is afgewezen"),
    "toegewezen": _l("Er is een consultatie aan je toegewezen"),
    "geagendeerd": _l("Je consultatie staat op de agenda"),
    "vraag": _l("De triagist heeft een vraag over je consultatie"),
    "antwoord": _l("Antwoord van het wijkteam in een consultatie"),
    "advies": _l("Advies in je consultatie"),
    "opgeschaald": _l("Een consultatie is opgeschaald"),
    "afgeschaald": _l("Een consultatie is afgeschaald"),
    "regie": _l("Je hebt de regie over een consultatie gekregen"),
    "gesloten": _l("Een consultatie is gesloten"),
    "nieuw-in-triage": _l("Nieuwe vraag voor triage"),
    "nieuw-op-agenda": _l("Nieuwe vraag op de agenda van je expertiseteam"),
    "specialisten-toegewezen": _l("Er zijn specialisten aan je consultatie toegewezen"),
    "ingetrokken": _l("Een consultatie is ingetrokken"),
}
#: For a kind this version does not know yet (a notice written by a newer one).
OTHER = _l("Nieuws in een consultatie")


def notice_text(what: str) -> str:
    """The sentence for a notice of kind ``what``, in the page's language."""
    return str(NOTICE_TEXT.get(what, OTHER))


def dutch_notice_text(what: str) -> str:
    """The sentence in Dutch, whatever the request's language (the mail's subject)."""
    with force_locale("nl"):
        return notice_text(what)
