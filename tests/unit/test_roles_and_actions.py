"""Each role x each action of maintaining the pool: allowed ones succeed,
forbidden ones raise ``Forbidden`` and change nothing — checked in
``directory/``, below the web layer, so every way in refuses the same."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from directory.accounts import audit
from directory.accounts import users as accounts
from directory.accounts.roles import ROLES, User
from directory.errors import Forbidden
from directory.exchange.document import export_document
from directory.pool import areas, avg, duplicates, merge
from directory.pool import maintain as pool

#: The acting user per role; the wijkwerker and specialist are people of the small pool.
USERS = {"wijkwerker": User("bram", "wijkwerker", "p-bram"),
         "specialist": User("anna", "specialist", "p-anna"), "triagist": User("tess", "triagist"),
         "coordinator": User("carla", "coordinator"), "admin": User("ad", "admin")}
EVERYONE = set(ROLES)
KEEPERS = {"coordinator", "admin"}


def own(user: User) -> str:
    return user.professional or "p-anna"


ACTIONS = {
    "create a professional": (lambda s, u: pool.create(s, "professionals", {"name": "Nieuw"}, by=u),
                              KEEPERS),
    "edit someone else's profile": (
        lambda s, u: pool.edit(s, "professionals", "p-cees", {"bio": "Nieuw"}, version=None, by=u), KEEPERS),
    "edit own expertise and hours": (
        lambda s, u: pool.edit(s, "professionals", own(u), {"expertise": [{"area": "nah", "level": 1}],
                                                            "hours_per_half_year": 20}, version=None, by=u),
        KEEPERS | {"specialist"}),
    "edit own name": (lambda s, u: pool.edit(s, "professionals", own(u), {"name": "Anders"}, version=None,
                                             by=u), KEEPERS),
    "confirm own profile": (lambda s, u: pool.confirm(s, own(u), by=u), KEEPERS | {"specialist"}),
    "confirm someone else's profile": (lambda s, u: pool.confirm(s, "p-cees", by=u), KEEPERS),
    "retire a professional": (lambda s, u: pool.retire(s, "professionals", "p-cees", by=u), KEEPERS),
    "reactivate a professional": (lambda s, u: pool.reactivate(s, "professionals", "p-dina", by=u), KEEPERS),
    "create an organisation": (lambda s, u: pool.create(s, "organisations", {"name": "Humanitas"}, by=u),
                               KEEPERS),
    "retire a team": (lambda s, u: pool.retire(s, "teams", "kt-zuidoost", by=u), KEEPERS),
    "edit a team": (lambda s, u: pool.edit(s, "teams", "kt-zuidoost", {"meets": "dinsdag"}, version=None,
                                           by=u), KEEPERS),
    "delete an unused organisation": (lambda s, u: pool.delete(s, "organisations", "org-cafe", by=u),
                                      KEEPERS),
    "add an area": (lambda s, u: pool.create(s, "expertise", {"id": "gokken", "label": "Gokken"}, by=u),
                    KEEPERS),
    "add a synonym": (lambda s, u: areas.add_synonym(s, "nah", "CVA", by=u), KEEPERS),
    "move an area": (lambda s, u: areas.move_area(s, "schulden", "hersenen-cognitie", by=u), KEEPERS),
    "merge two professionals": (lambda s, u: merge.merge_professionals(s, "p-anna", "p-cees", by=u), KEEPERS),
    "merge two areas": (lambda s, u: merge.merge_areas(s, "dementie", "nah", by=u), KEEPERS),
    "find likely duplicates": (lambda s, u: duplicates.likely_duplicates(s, by=u), KEEPERS),
    "erase a person": (lambda s, u: avg.erase_person(s, "p-dina", by=u), KEEPERS),
    "export own data": (lambda s, u: avg.export_person(s, own(u), by=u),
                        KEEPERS | {"wijkwerker", "specialist"}),
    "export someone else's data": (lambda s, u: avg.export_person(s, "p-eva", by=u), KEEPERS),
    "read the audit trail": (lambda s, u: audit.entries(s, by=u), KEEPERS),
    "change a user's role": (lambda s, u: accounts.change_user(s, "someone", role="triagist", by=u),
                             {"admin"}),
    "remove a user": (lambda s, u: accounts.remove_user(s, "someone", by=u), {"admin"}),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_each_role_may_do_what_the_table_says_and_nothing_else(small_store, action, role):
    small_store.add_user(User("someone", "wijkwerker", None, "h", datetime.now(UTC)))
    run, allowed_roles = ACTIONS[action]
    before = (small_store.revision(), export_document(small_store), small_store.users())
    if role in allowed_roles:
        run(small_store, USERS[role])
        return
    with pytest.raises(Forbidden, match=f"a {role} may "):
        run(small_store, USERS[role])
    assert (small_store.revision(), export_document(small_store), small_store.users()) == before


def test_every_action_changes_something_or_answers_when_allowed(small_store):
    """The table above is not vacuous: the allowed runs really change the pool
    (or answer), as the coordinator shows."""
    small_store.add_user(User("someone", "wijkwerker", None, "h", datetime.now(UTC)))
    reads = {"find likely duplicates", "export own data", "export someone else's data",
             "read the audit trail", "change a user's role", "remove a user"}
    for action, (run, _) in ACTIONS.items():
        revision = small_store.revision()
        if action in {"delete an unused organisation"}:
            continue  # covered in test_pool
        result = run(small_store, USERS["admin" if "user" in action else "coordinator"])
        if action not in reads:
            assert small_store.revision() > revision, action
        else:
            assert result is not None or action in {"remove a user"}, action
