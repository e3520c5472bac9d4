"""Uploads kept on the server between the import preview and the commit.

What is committed must be exactly what was previewed, so the uploaded bytes
stay on the server (never in the browser, which could send something else)
in a folder named by a random key that only the uploader's session holds.
They are removed after the commit, on cancel, when the same session uploads
again, and by any upload once older than ``KEEP``. The folder is
``IMPORT_FOLDER`` (default: ``imports`` in the app's instance folder),
readable by its owner only: an upload holds staff contact details.

A ``.zip`` (as ``/beheer/export`` gives) is opened into its CSV files here,
with a limit on what it may unpack to. An upload that cannot be kept (a full
disk) is a 503, with nothing of it left behind.
"""

from __future__ import annotations

import errno
import io
import json
import os
import re
import secrets
import shutil
import time
import zipfile
from pathlib import Path

from flask import Flask, current_app, request

from directory.accounts.roles import WRITE_POOL, require
from directory.errors import InvalidInput, StorageFull, StoreUnavailable
from directory.problems import Problem
from web.guard import current_user

KEEP = 3600  # seconds an upload that was neither committed nor cancelled is kept
UNPACKED_AT_MOST = 64 * 1024 * 1024
_KEY = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
_MANIFEST = "names.json"


def folder() -> Path:
    configured = current_app.config.get("IMPORT_FOLDER")
    return Path(configured) if configured else Path(current_app.instance_path) / "imports"


def unpack(files: list[tuple[str, bytes]]) -> dict[str, bytes]:
    """File name -> bytes, a zip's CSV members in place of the zip."""
    out: dict[str, bytes] = {}
    for name, data in files:
        name = name.replace("\\", "/").rsplit("/", 1)[-1]
        if not name.lower().endswith(".zip"):
            _add(out, name, data)
            continue
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                members = [m for m in archive.infolist()
                           if not m.is_dir() and m.filename.lower().endswith(".csv")]
                if sum(m.file_size for m in members) > UNPACKED_AT_MOST:
                    raise InvalidInput("the zip is too large",
                                       [Problem.of(name, "zip_too_large")])
                for member in members:
                    _add(out, member.filename.rsplit("/", 1)[-1], archive.read(member))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError):
            raise InvalidInput("not a zip file", [Problem.of(name, "not_a_zip")]) from None
    return out


def _add(out: dict[str, bytes], name: str, data: bytes) -> None:
    if name in out:
        raise InvalidInput("two files have the same name", [Problem.of(name, "same_name")])
    out[name] = data


def save(files: dict[str, bytes]) -> str:
    """Keep ``files`` (name -> bytes); return the key to find them again."""
    base = folder()
    base.mkdir(parents=True, exist_ok=True, mode=0o700)
    _remove_expired(base)
    key = secrets.token_urlsafe(24)
    target = base / key
    names = list(files)
    try:
        target.mkdir(mode=0o700)
        for number, name in enumerate(names):
            (target / f"{number}.upload").write_bytes(files[name])
        (target / _MANIFEST).write_text(json.dumps(names), encoding="utf-8")
    except OSError as exc:  # nothing half-kept: the preview would read a cut-off file
        shutil.rmtree(target, ignore_errors=True)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise StorageFull("disk full: the upload could not be kept on the server; "
                              "nothing was changed") from None
        raise StoreUnavailable(f"the upload could not be kept on the server ({exc.strerror}); "
                               "nothing was changed") from None
    return key


def load(key: str | None) -> dict[str, bytes] | None:
    """The files kept under ``key``, or None (unknown, expired or removed)."""
    if not key or not _KEY.match(key):
        return None
    target = folder() / key
    try:
        if time.time() - target.stat().st_mtime > KEEP:
            discard(key)
            return None
        names = json.loads((target / _MANIFEST).read_text(encoding="utf-8"))
        return {name: (target / f"{number}.upload").read_bytes() for number, name in enumerate(names)}
    except (OSError, ValueError):
        return None


def waiting(key: str | None) -> bool:
    """Whether an upload is kept under ``key`` and not yet expired (without reading it)."""
    if not key or not _KEY.match(key):
        return False
    try:
        return time.time() - (folder() / key / _MANIFEST).stat().st_mtime <= KEEP
    except OSError:
        return False


def discard(key: str | None) -> None:
    if key and _KEY.match(key):
        shutil.rmtree(folder() / key, ignore_errors=True)


def _remove_expired(base: Path) -> None:
    now = time.time()
    for entry in os.scandir(base):
        try:
            if entry.is_dir() and now - entry.stat().st_mtime > KEEP:
                shutil.rmtree(entry.path, ignore_errors=True)
        except OSError:
            continue


def register(app: Flask) -> None:
    """Allow imports larger than other requests (``IMPORT_MAX_CONTENT_LENGTH``),
    only to a signed-in user whose role may import. Registered after the guard
    (who is asking) and before CSRF protection, which reads the whole form: a
    user without the role gets 403 before a byte of the body is read."""
    app.config.setdefault("IMPORT_MAX_CONTENT_LENGTH", 32 * 1024 * 1024)

    @app.before_request
    def larger_imports() -> None:
        if request.endpoint == "bulk.upload" and request.method == "POST":
            user = current_user()
            if user is not None:
                require(user, WRITE_POOL)
                request.max_content_length = app.config["IMPORT_MAX_CONTENT_LENGTH"]
