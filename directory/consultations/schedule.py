"""The time side of consultations: when an expertiseteam meets, and the time
limits — a first answer within 2 working days (triage and the network), a
meeting within 5 working days of opschalen (``directory.consultations.workdays``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from directory.consultations.records import Consultation, MeetingSchedule
from directory.consultations.workdays import (
    ESCALATION_MEETING_DAYS,
    FIRST_ANSWER_DAYS,
    add_working_days,
    local_day,
)
from directory.ports import ConsultationReads


@dataclass(frozen=True, slots=True)
class Late:
    """An open consultation past a time limit: which one, and since when."""

    consultation: Consultation
    limit: str  # "first_answer" or "escalation_meeting"
    due: date


def first_answer_due(consultation: Consultation) -> date:
    return add_working_days(local_day(consultation.opened), FIRST_ANSWER_DAYS)


def escalation_meeting_due(consultation: Consultation) -> date | None:
    if consultation.escalated is None:
        return None
    return add_working_days(local_day(consultation.escalated), ESCALATION_MEETING_DAYS)


def lateness(consultation: Consultation, today: date) -> list[Late]:
    """The time limits ``consultation`` has missed by ``today``: no first
    answer within 2 working days (in triage and the network; an
    expertiseteam answers at its meeting, whose rhythm the team sets); after
    opschalen no meeting (or a later one) within 5 working days. A decline is
    not an answer: the wijkteam still waits for help, so it stays late."""
    out: list[Late] = []
    if not consultation.is_open:
        return out
    due = first_answer_due(consultation)
    if consultation.first_answer is None and consultation.model != "expertiseteam" and today > due:
        out.append(Late(consultation, "first_answer", due))
    meeting_due = escalation_meeting_due(consultation)
    if meeting_due is not None:
        meeting = consultation.escalation_meeting
        if (meeting is None and today > meeting_due) or (meeting is not None and meeting > meeting_due):
            out.append(Late(consultation, "escalation_meeting", meeting_due))
    return out


def next_meeting(store: ConsultationReads, team_id: str, after: date) -> date | None:
    """The first meeting of ``team_id`` on or after ``after`` (None without a schedule)."""
    schedule = schedule_of(store, team_id)
    if schedule is None:
        return None
    return meeting_on_or_after(schedule, after)


def meeting_on_or_after(schedule: MeetingSchedule, day: date) -> date:
    """
    >>> s = MeetingSchedule(team="kt", first=date(2026, 12, 1), every_weeks=2)
    >>> meeting_on_or_after(s, date(2026, 12, 2)), meeting_on_or_after(s, date(2026, 11, 1))
    (datetime.date(2026, 12, 15), datetime.date(2026, 12, 1))
    """
    if day <= schedule.first:
        return schedule.first
    period = 7 * schedule.every_weeks
    steps = math.ceil((day - schedule.first).days / period)
    return schedule.first + timedelta(days=steps * period)


def schedule_of(store: ConsultationReads, team_id: str) -> MeetingSchedule | None:
    return next((s for s in store.schedules() if s.team == team_id), None)
