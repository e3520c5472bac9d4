"""With a fixed ``TODAY`` (tests, demos of a given day) a consultation step
happens on that day in the Netherlands whatever the time of day: late in
the evening UTC it is already the next day there, and the steps' moments
fell on the day after ``TODAY`` (the consultation pages' tests failed after
23:00 UTC)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask import Flask

from directory.consultations.workdays import NETHERLANDS
from web.words import consult


@pytest.mark.parametrize("utc_now", [datetime(2026, 12, 7, 23, 30, tzinfo=UTC),
                                     datetime(2026, 12, 7, 0, 30, tzinfo=UTC),
                                     datetime(2026, 7, 7, 22, 30, tzinfo=UTC)])  # summer time
def test_a_step_falls_on_the_fixed_day_in_the_netherlands(monkeypatch, utc_now):
    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[override]
            return utc_now.astimezone(tz) if tz else utc_now.replace(tzinfo=None)

    monkeypatch.setattr(consult, "datetime", Frozen)
    app = Flask(__name__)
    app.config["TODAY"] = date(2026, 11, 16)
    with app.app_context():
        moment = consult.clock()
    local = moment.astimezone(NETHERLANDS)
    assert local.date() == date(2026, 11, 16)
    assert local.time() == utc_now.astimezone(NETHERLANDS).time()  # the time of day stays
    assert moment.tzinfo is not None and moment.utcoffset().total_seconds() == 0
