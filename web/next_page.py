"""Where to go back to after signing in or choosing a language: the one check
for a ``next`` a request carries, so no link can send someone to another site.

Browsers drop tabs and line breaks from a URL and read a backslash as a
slash, so ``/%09/evil.example`` or ``/\\evil.example`` reach them as
``//evil.example``: another site. The check therefore looks at ``next`` the
way a browser will: control characters removed, backslashes made slashes.
What is left must be a path on this site (one leading slash, no scheme, no
host); it is also what the ``Location`` header gets, so that header never
holds a control character (a line break there was a 500). Anything else
goes to the start page.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import url_for

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def same_site_path(target: str | None) -> str | None:
    """``target`` as a browser would follow it, if that stays on this site; else None.

    >>> same_site_path("/zoeken?q=1"), same_site_path("/\\t/evil.example"), same_site_path("/\\\\evil")
    ('/zoeken?q=1', None, None)
    >>> same_site_path("/pro\\nfiel"), same_site_path("https://evil.example/"), same_site_path("")
    ('/profiel', None, None)
    """
    if not target:
        return None
    cleaned = _CONTROL.sub("", target).replace("\\", "/").strip()
    if not cleaned.startswith("/") or cleaned.startswith("//"):
        return None
    parts = urlsplit(cleaned)
    if parts.scheme or parts.netloc:
        return None
    return cleaned


def safe_next(target: str | None) -> str:
    """Where to go: ``target`` if it is a path on this site (see ``same_site_path``),
    otherwise the start page."""
    return same_site_path(target) or url_for("home.index")
