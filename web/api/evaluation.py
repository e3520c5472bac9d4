"""``GET /api/v1/evaluation?from=&to=``: the half-year evaluation as JSON,
the same figures as the page ``/beheer/evaluatie`` (coordinators and admins;
``directory.evaluation.report`` checks the role and the period, the JSON form is
``directory.evaluation.figures.as_json``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import jsonify, request

from directory.evaluation.figures import as_json
from directory.evaluation.report import evaluate
from web.api.routes import _only, _today, _user, bp
from web.guard import store


@bp.get("/evaluation")
def evaluation() -> Any:
    _only(request.args, {"from", "to"})
    figures = evaluate(store(), by=_user(), start=request.args.get("from"), end=request.args.get("to"),
                       today=_today() or date.today())
    return jsonify(as_json(figures))
