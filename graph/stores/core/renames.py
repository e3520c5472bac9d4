"""How a merge or an erasure rewrites a consultation, on either store.

A consultation is kept whole as a JSON document; the people it names are in
``lead`` and ``professional`` fields, the accounts that took its steps in
``by`` fields. Merging two professionals names the one kept instead of the
other; erasing one names the anonymous stand-in, and their accounts'
steps name a stand-in user.
"""

from __future__ import annotations


def renamed(value: object, old: str, new: str, users: set[str], user_stand_in: str) -> object:
    """``value`` with every field that names ``old`` as a professional naming
    ``new``, and every ``by`` among ``users`` naming ``user_stand_in``.

    >>> renamed({"lead": "p-a", "log": [{"by": "anna", "professional": "p-a"}]},
    ...         "p-a", "p-b", {"anna"}, "(erased user)")
    {'lead': 'p-b', 'log': [{'by': '(erased user)', 'professional': 'p-b'}]}
    """
    if isinstance(value, dict):
        out: dict[str, object] = {}
        for key, item in value.items():
            if key in ("lead", "professional") and item == old:
                out[key] = new
            elif key == "by" and item in users:
                out[key] = user_stand_in
            else:
                out[key] = renamed(item, old, new, users, user_stand_in)
        return out
    if isinstance(value, list):
        return [renamed(v, old, new, users, user_stand_in) for v in value]
    return value
