"""The OpenAPI description of ``GET /api/v1/evaluation`` (``web.api.evaluation``),
joined into the document of ``web.openapi.document``: the JSON form of
``directory.evaluation.figures``."""

from __future__ import annotations

from typing import Any

from web.openapi.parts import STRING, closed, nullable, or_empty, query, ref

INTEGER: dict[str, Any] = {"type": "integer", "minimum": 0}
NUMBER: dict[str, Any] = {"type": "number"}
DAY: dict[str, Any] = {"type": "string", "format": "date"}
BOOLEAN: dict[str, Any] = {"type": "boolean"}


def _list(name: str) -> dict[str, Any]:
    return {"type": "array", "items": ref(name)}


def evaluation_schemas() -> dict[str, Any]:
    timing = closed({"count": INTEGER, "median_working_days": nullable(NUMBER),
                     "mean_working_days": nullable(NUMBER), "median_days": nullable(NUMBER),
                     "mean_days": nullable(NUMBER), "pending": INTEGER, "within_limit": nullable(INTEGER)})
    return {
        "EvaluationCount": closed({"key": nullable(STRING), "name": STRING, "count": INTEGER}),
        "EvaluationHours": closed({"key": nullable(STRING), "name": STRING, "organisation": nullable(STRING),
                                   "people": INTEGER, "budget": NUMBER, "used": NUMBER,
                                   "share": nullable(NUMBER), "over_budget": BOOLEAN}),
        "EvaluationRoleHours": closed({"key": STRING, "name": STRING, "organisation": nullable(STRING),
                                       "role": {"type": "string", "enum": ["regie", "triage"]},
                                       "hours": NUMBER, "cases": INTEGER}),
        "EvaluationLesson": closed({"month": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"},
                                    "areas": {"type": "array", "items": STRING},
                                    "model": nullable(STRING), "wijk": nullable(STRING), "text": STRING}),
        "EvaluationTiming": timing,
        "EvaluationRepeats": closed({"team": STRING, "name": STRING, "requests": INTEGER,
                                     "repeats": INTEGER}),
        "EvaluationPair": closed({"a": STRING, "a_name": STRING, "b": STRING, "b_name": STRING, "first": DAY,
                                  "across": BOOLEAN}),
        "Evaluation": closed({
            "period": closed({"from": DAY, "to": DAY}),
            "requests": INTEGER, "from_consultations": INTEGER, "from_cases": INTEGER,
            "by_area": _list("EvaluationCount"), "by_wijk": _list("EvaluationCount"),
            "by_organisation": _list("EvaluationCount"), "by_model": _list("EvaluationCount"),
            "hours": _list("EvaluationHours"), "hours_by_organisation": _list("EvaluationHours"),
            "first_answer": ref("EvaluationTiming"), "to_close": ref("EvaluationTiming"),
            "outcomes": closed({"cases": INTEGER, "prevented": INTEGER, "referred": INTEGER,
                                "unknown": INTEGER, "still_open": INTEGER,
                                "prevented_share": nullable(NUMBER),
                                "referred_share": nullable(NUMBER), "unknown_share": nullable(NUMBER)}),
            "lead": closed({"wijkteam": INTEGER, "elsewhere": INTEGER, "unknown": INTEGER}),
            "escalated": INTEGER, "deescalated": INTEGER, "repeats": INTEGER,
            "repeats_by_team": _list("EvaluationRepeats"), "new_pairs": _list("EvaluationPair"),
            "over_budget": INTEGER,
            "hours_by_role": closed({"specialist": NUMBER, "regie": NUMBER, "triage": NUMBER}),
            "regie_hours": _list("EvaluationRoleHours"), "triage_hours": _list("EvaluationRoleHours"),
            "open_now": INTEGER, "lessons": _list("EvaluationLesson"), "provisional": BOOLEAN,
            "provisional_because": {"type": "array", "items": {
                "type": "string", "enum": ["period_not_over", "still_open"]}}}),
    }


def add_evaluation_path(paths: dict[str, Any]) -> None:
    day = {**or_empty({"type": "string", "format": "date"}), "description": "YYYY-MM-DD (empty: not given)"}
    paths["/api/v1/evaluation"] = {"get": {
        "summary": "The half-year evaluation (coordinators): requests, hours, timings, outcomes, "
                   "repeats and new collaborations of a period (default: the current half-year; "
                   "at most 3 years)",
        "tags": ["tools"],
        "parameters": [query("from", day, "First day of the period"),
                       query("to", day, "Last day of the period")],
        "responses": {
            "200": {"description": "OK", "content": {"application/json": {"schema": ref("Evaluation")}}},
            **{str(status): {"$ref": f"#/components/responses/E{status}"} for status in (400, 401, 403)},
            "default": {"$ref": "#/components/responses/Error"}}}}
