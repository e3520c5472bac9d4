"""A professional's notices (``directory.consultations.records.Notice``): what the
consultation steps of others wrote for them, read on the notices page and
counted for the badge in the menu.

Only one's own notices are read, and only with the ``consult`` permission,
checked here like every other way into consultations. A user whose account
is not linked to a professional has none: notices are addressed to people of
the pool, not to accounts.
"""

from __future__ import annotations

from directory.accounts.roles import CONSULT, User, may, require
from directory.consultations.records import Notice
from directory.ports import ConsultationReads

#: How many notices the page shows (the newest).
SHOWN = 50
#: The badge counts unread notices up to this many ("99+" beyond).
COUNTED = 100


def for_user(store: ConsultationReads, *, by: User, limit: int = SHOWN) -> list[Notice]:
    """``by``'s newest notices, newest first (none without a linked professional)."""
    require(by, CONSULT)
    if by.professional is None:
        return []
    return store.notices(by.professional, limit=limit)


def unread(store: ConsultationReads, *, by: User) -> int:
    """How many of ``by``'s notices are unread, counted up to ``COUNTED`` (cheap:
    one indexed query; 0 for a user who may not consult or has no professional)."""
    if by.professional is None or not may(by, CONSULT):
        return 0
    return len(store.notices(by.professional, unread_only=True, limit=COUNTED))
