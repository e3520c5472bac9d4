"""Consultations, meeting schedules and notices as stored
(``ConsultationReads``): ``directory.consultations.service`` reads them here and writes them
through ``PoolRecords.apply`` (``ImportPlan.consultations``), so that closing a
consultation and writing its case are one transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from directory.consultations.records import Consultation, MeetingSchedule, Notice


class ConsultationReads(Protocol):
    """Reading consultations, schedules and notices; marking notices read."""

    def consultation(self, consultation_id: str) -> Consultation | None:
        """One consultation with its ``version``, or None."""

    def consultations(self, *, open_only: bool = False, person: str | None = None,
                      team: str | None = None, since: datetime | None = None,
                      until: datetime | None = None) -> list[Consultation]:
        """The consultations matching every filter given, oldest first:
        ``person`` named in it (lead, asked, booked), ``team`` the requesting
        team or the one it went to, opened ``since <= opened < until``."""

    def schedules(self) -> list[MeetingSchedule]:
        """Every team's meeting schedule, by team."""

    def notices(self, professional: str, *, unread_only: bool = False,
                limit: int = 50) -> list[Notice]:
        """The newest notices for ``professional``, newest first, with ``seq``."""

    def mark_notices_read(self, professional: str, up_to: int) -> None:
        """Mark ``professional``'s notices with ``seq <= up_to`` as read (not a
        change of the pool: the revision stays)."""
