"""The two buttons per person on Beheer > Actualiteit: send the reminder mail
now, and confirm the profile on their behalf (a coordinator who has checked
it with them by phone). Both are POST forms with a CSRF token; the services
(``directory.pool.reminders.remind_now``, ``directory.pool.maintain.confirm``) check the
role and write the audit trail, so the page only says what happened."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, url_for
from flask_babel import gettext, lazy_gettext

from directory.accounts.roles import WRITE_POOL, User, require
from directory.errors import Conflict
from directory.pool import maintain as pool
from directory.pool.model import Professional
from directory.pool.reminders import NotRemindable, Undeliverable, remind_now, why_not
from web.guard import signed_in, store
from web.mail import MailUnavailable, SmtpSender
from web.notify import mail_setup
from web.pages.forms.manage import FreshnessActionForm
from web.pages.manage import bp, freshness_page, now, today
from web.pages.parts.signed_in import record

#: ``directory.pool.reminders.REASONS`` as the page says them.
REFUSALS: dict[str, Any] = {
    "retired": lazy_gettext("%(name)s is niet meer actief; een herinnering is niet nodig."),
    "current": lazy_gettext("Het profiel van %(name)s is onlangs bevestigd; een herinnering is niet "
                            "nodig."),
    "no_email": lazy_gettext("Van %(name)s is geen e-mailadres bekend; er is niets verstuurd."),
    "recent": lazy_gettext("%(name)s kreeg minder dan twee weken geleden een herinnering; er is niets "
                           "verstuurd."),
    "account_cannot_confirm": lazy_gettext(
        "Het account van %(name)s mag het profiel niet zelf bevestigen; er is niets verstuurd. "
        "Bevestig het namens deze persoon als het klopt."),
}


def _asked(professional_id: str) -> tuple[User, Professional, FreshnessActionForm]:
    """Who asks (a coordinator: others get 403 before anything is read), about whom, and the form."""
    user = signed_in()
    require(user, WRITE_POOL)
    return user, record("professionals", professional_id, Professional), FreshnessActionForm()


def _page(user: User, form: FreshnessActionForm, message: str, status: int) -> Any:
    """The Actualiteit page again, saying why nothing happened."""
    return freshness_page(user, form.organisatie.data, message, status)


def _bad_form() -> str:
    return gettext("Dit formulier klopt niet. Laad de pagina opnieuw.")  # old page or crafted post


def _back(form: FreshnessActionForm) -> Any:
    return redirect(url_for("manage.freshness", organisatie=form.organisatie.data or None), 303)


@bp.post("/actualiteit/<path:professional_id>/herinneren")
def remind(professional_id: str) -> Any:
    user, person, form = _asked(professional_id)
    if not form.validate_on_submit():
        return _page(user, form, _bad_form(), 400)
    reason = why_not(store(), person, today=today(), now=now())  # before the mail server is called
    if reason is not None:
        return _page(user, form, str(REFUSALS[reason] % {"name": person.name}), 409)
    setup = mail_setup()
    if setup is None:
        return _page(user, form, gettext(
            "De e-mail is niet ingesteld, dus er is niets verstuurd. De beheerder stelt hem in met "
            "KERNTEAMDB_SMTP_HOST, KERNTEAMDB_SMTP_SENDER en KERNTEAMDB_BASE_URL."), 503)
    settings, sender, base_url = setup
    try:
        with SmtpSender(settings) as send:
            remind_now(store(), person.id, send, sender=sender, base_url=base_url, by=user,
                       today=today(), now=now())
    except NotRemindable as exc:  # changed since the check above
        return _page(user, form, str(REFUSALS[exc.reason] % {"name": person.name}), 409)
    except Undeliverable:
        return _page(user, form, gettext(
            "De mailserver weigert het adres van %(name)s; er is niets verstuurd.", name=person.name), 409)
    except MailUnavailable:
        return _page(user, form, gettext(
            "De mailserver is niet bereikbaar; er is niets verstuurd. Probeer het later opnieuw."), 503)
    flash(gettext("Herinnering verstuurd aan %(name)s.", name=person.name))
    return _back(form)


@bp.post("/actualiteit/<path:professional_id>/bevestigen")
def confirm(professional_id: str) -> Any:
    user, person, form = _asked(professional_id)
    if not form.validate_on_submit():
        return _page(user, form, _bad_form(), 400)
    try:
        pool.confirm(store(), person.id, by=user, today=today(), version=int(form.version.data))
    except Conflict:
        return _page(user, form, gettext(
            "Iemand anders heeft het profiel van %(name)s intussen gewijzigd. Bekijk het en bevestig "
            "opnieuw.", name=person.name), 409)
    flash(gettext("Het profiel van %(name)s is bevestigd, namens deze persoon.", name=person.name))
    return _back(form)
