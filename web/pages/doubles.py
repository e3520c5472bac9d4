"""Dubbelen: professionals who are probably in the pool twice, for a
coordinator to compare and merge.

The list is ``directory.pool.duplicates.likely_duplicates`` (the same e-mail
address, the same name and organisation, nearly the same name), surest
first, each pair side by side with what tells them apart. Merging is two
steps: choose who stays, see the profile as the merge will leave it
(``directory.pool.merge.professional_merge``: the expertise of both at the higher
level, teams, wijken, the cases handed over), then confirm — the merge
(``merge_professionals``) is refused when either profile changed since the
preview, and changes nothing then. The duplicate's old profile address then
says where the person went (``web.pages.parts.signed_in.MergedAway``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from directory.errors import DirectoryError
from directory.pool import duplicates, merge
from directory.pool.duplicates import LikelyDuplicate, Sign
from directory.pool.model import Organisation, Professional, Team
from web.guard import store
from web.i18n import level_label
from web.pages.forms.tools import ChooseKeptForm, ConfirmMergeForm
from web.pages.parts.field_problems import messages
from web.pages.parts.lookups import lookups
from web.pages.parts.signed_in import keeper

bp = Blueprint("doubles", __name__)


@dataclass(frozen=True)
class Side:
    """One of a pair as the comparison shows them."""

    person: Professional
    organisation: str | None
    teams: list[str]
    expertise: list[tuple[str, str]]  # (area label, level)
    cases: int


@dataclass(frozen=True)
class Pair:
    a: Side
    b: Side
    reasons: list[str]
    score: float


def _reason(sign: Sign) -> str:
    """The service's sign, in the page's language."""
    if sign.code == "similar_names":
        return _("bijna dezelfde naam (%(percent)s%%)", percent=sign.percent)
    return {"same_email": _("zelfde e-mailadres"),
            "same_name_and_organisation": _("zelfde naam en organisatie"),
            "same_name": _("zelfde naam")}.get(sign.code, sign.text)


def side(person: Professional) -> Side:
    """What tells two profiles apart: organisation, teams, expertise, cases."""
    organisation = store().get("organisations", person.organisation) if person.organisation else None
    teams = store().get_many("teams", list(person.teams))
    known = lookups(store())
    return Side(person, organisation.name if isinstance(organisation, Organisation) else person.organisation,
                [t.name if isinstance(t, Team) else i for i, t in ((i, teams.get(i)) for i in person.teams)],
                [(known.label(c.area), level_label(c.level)) for c in
                 sorted(person.expertise, key=lambda c: (-c.level, known.label(c.area)))],
                len(store().cases_referring("professionals", person.id)))


def _pairs(found: list[LikelyDuplicate]) -> list[Pair]:
    people = store().get_many("professionals", sorted({d.a for d in found} | {d.b for d in found}))
    pairs = []
    for d in found:
        a, b = people.get(d.a), people.get(d.b)
        if isinstance(a, Professional) and isinstance(b, Professional):
            pairs.append(Pair(side(a), side(b), [_reason(s) for s in d.signs], d.score))
    return pairs


def _list_page(*, chosen: ChooseKeptForm | None = None, problems: list[str] | None = None,
               status: int = 200) -> Any:
    user = keeper()
    pairs = _pairs(duplicates.likely_duplicates(store(), by=user))
    return render_template("doubles.html", pairs=pairs, chosen=chosen, problems=problems or []), status


@bp.get("/dubbelen")
def doubles() -> Any:
    return _list_page()


@bp.post("/dubbelen/samenvoegen")
def preview() -> Any:
    """Who stays was chosen: the profile as the merge will leave it, to confirm."""
    user = keeper()
    form = ChooseKeptForm()
    if not form.validate_on_submit() or form.keep.data not in ("a", "b"):
        if not form.keep.errors:
            form.keep.errors = [_("Kies wie blijft.")]
        return _list_page(chosen=form, status=400)
    keep, duplicate = (form.a.data, form.b.data) if form.keep.data == "a" else (form.b.data, form.a.data)
    try:
        found = merge.professional_merge(store(), keep, duplicate, by=user)
    except DirectoryError as exc:
        return _list_page(problems=messages(exc), status=_status(exc))
    confirm = ConfirmMergeForm(formdata=None, keep=keep, duplicate=duplicate, keep_version=found.keep_version,
                               duplicate_version=found.duplicate_version)
    keep_side = side(found.keep)
    after = replace(side(found.joined), cases=keep_side.cases + found.cases - found.shared)
    return render_template("doubles_confirm.html", merge=found, kept=after, keep=keep_side,
                           duplicate=side(found.duplicate), form=confirm)


@bp.post("/dubbelen/samenvoegen/bevestigen")
def confirm() -> Any:
    user = keeper()
    form = ConfirmMergeForm()
    if not form.validate_on_submit():
        again = _("Het formulier klopt niet (meer). Kies opnieuw wie blijft.")
        return _list_page(problems=[again], status=400)
    try:
        saved = merge.merge_professionals(store(), form.keep.data, form.duplicate.data, by=user,
                                          keep_version=form.keep_version.data,
                                          duplicate_version=form.duplicate_version.data)
    except DirectoryError as exc:
        return _list_page(problems=messages(exc), status=_status(exc))
    name = saved.record.name if isinstance(saved.record, Professional) else saved.record.id
    flash(_("De twee profielen zijn samengevoegd: dit is nu het enige profiel van %(name)s.", name=name))
    return redirect(url_for("profile.profile", professional_id=saved.record.id))


def _status(exc: DirectoryError) -> int:
    return {"conflict": 409, "not_found": 404}.get(exc.code, 400)
