"""deduce, the Dutch de-identification library, loaded once per process.

deduce (Menger et al., UMC Utrecht) finds names and addresses in Dutch
clinical text from lists of Dutch first names, surnames, streets and places
and from patterns around them (titles, initials, house numbers). Its lookup
structures are built from those lists once per installed version — about
half a minute, without the two big lists left out below — and then loaded
from a cache in a second or two. So the build
happens when the operator asks for it (``kernteamdb prepare``, ``init``,
``serve``), never inside a request: ``prepare`` says so on a progress line,
and a server calls it before it accepts its first request.

The cache lives in ``$KERNTEAMDB_CACHE_DIR`` (default ``~/.cache/kernteamdb``),
one folder per deduce version, so an installation in a read-only place and
several checkouts on one machine share one build.
"""

from __future__ import annotations

import gc
import logging
import os
import tempfile
import threading
from collections.abc import Callable
from importlib import metadata, resources
from pathlib import Path
from typing import Any

#: Where the built lookup structures are kept.
CACHE_ENVIRONMENT = "KERNTEAMDB_CACHE_DIR"
#: What deduce does that the guard does not use (its own patterns for numbers
#: and dates are replaced by ``directory.privacy.patterns``, tuned for case notes).
UNUSED = frozenset({"dates", "ages", "identifiers", "phone_numbers", "email_addresses", "urls",
                    "redactor"})

#: deduce's name for its cache of built lookup structures.
CACHE_FILE = "lookup_structs.pickle"
#: deduce's lists left out (``_without_big_lists``), and the annotators that read them.
UNUSED_LISTS = frozenset({"street", "healthcare_institution"})
UNUSED_ANNOTATORS = ("street_lookup", "institution")

_model: Any = None
_load_lock = threading.Lock()
_use_lock = threading.Lock()


def cache_folder() -> Path:
    """The folder for this deduce version's built lookup structures."""
    base = os.environ.get(CACHE_ENVIRONMENT) or str(Path.home() / ".cache" / "kernteamdb")
    return Path(base) / f"deduce-{metadata.version('deduce')}-guard"


def is_built() -> bool:
    """Whether the lookup structures are built (then loading takes seconds, not minutes)."""
    return (cache_folder() / "cache" / CACHE_FILE).is_file()


def is_loaded() -> bool:
    return _model is not None


def prepare(progress: Callable[[str], None] | None = None) -> None:
    """Load deduce in this process, building its lookup structures first when
    they are not built yet; ``progress`` hears one line before the slow part."""
    global _model
    if _model is not None:
        return
    with _load_lock:
        if _model is not None:
            return
        if progress is not None:
            if is_built():
                progress("Loading the privacy guard's lists of names and places (a few seconds) ...")
            else:
                progress("Building the privacy guard's lists of names and places: once per "
                         "machine, about half a minute ...")
        folder = cache_folder()
        folder.mkdir(parents=True, exist_ok=True)
        if is_built():
            _model = _quietly(lambda: _without_big_lists(folder))
        else:  # built aside and moved in whole: another process never reads half a file
            with tempfile.TemporaryDirectory(dir=folder) as aside:
                _model = _quietly(lambda: _without_big_lists(Path(aside)))
                (folder / "cache").mkdir(exist_ok=True)
                os.replace(Path(aside) / "cache" / CACHE_FILE, folder / "cache" / CACHE_FILE)
        streets()
        _out_of_the_collectors_way()


def _out_of_the_collectors_way() -> None:
    """deduce's lists are millions of objects that live as long as the
    process. Python's cycle collector would walk all of them on every full
    collection — a pause of about 350 ms in whatever request triggers it —
    so everything alive now is moved out of its sight (``gc.freeze``); it is
    never garbage anyway."""
    gc.collect()
    gc.freeze()


def _quietly(make: Callable[[], Any]) -> Any:
    """``make()`` without deduce's "please wait" line on the root logger (``prepare`` says it)."""
    logging.disable(logging.INFO)
    try:
        return make()
    finally:
        logging.disable(logging.NOTSET)


def _import_deduce_quietly() -> None:
    """Import deduce, and put the root logger back as it was: deduce calls
    ``logging.basicConfig(stream=sys.stdout, level=DEBUG)`` when imported, and
    then every library's debug and info lines (each refused form of a sign-in
    flood, a driver's chatter) would be written to the server's output."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    import deduce  # noqa: F401

    for handler in [h for h in root.handlers if h not in handlers]:
        root.removeHandler(handler)
    root.setLevel(level)


def _without_big_lists(folder: Path) -> Any:
    """deduce without its lists of every Dutch street and every care
    institution: those two take 1 GB of memory in each process (of 1.05 GB),
    while the guard finds streets by their endings and a house number
    (``directory.privacy.names``) and leaves institutions to the pool's own
    names. deduce builds and caches only the lists its loaders name, so the
    two are left out of its loaders while it is made, and its annotators that
    would read them out of its configuration."""
    import json

    _import_deduce_quietly()
    from deduce import Deduce, deduce, lookup_structs

    with open(deduce._BASE_CONFIG_FILE, encoding="utf-8") as fh:
        config = json.load(fh)
    for annotator in UNUSED_ANNOTATORS:
        config["annotators"].pop(annotator)
    loaders = lookup_structs._LOOKUP_TRIE_LOADERS
    kept = {name: load for name, load in loaders.items() if name not in UNUSED_LISTS}
    lookup_structs._LOOKUP_TRIE_LOADERS = kept
    try:
        return Deduce(load_base_config=False, config=config, cache_path=folder)
    finally:
        lookup_structs._LOOKUP_TRIE_LOADERS = loaders


_streets: frozenset[str] | None = None


def streets() -> frozenset[str]:
    """The names of Dutch streets (deduce's list, from the BAG), in lower case:
    a set of 150,000 names takes 15 MB, where deduce's own trie of them took
    half a gigabyte."""
    global _streets
    if _streets is None:
        folder = resources.files("deduce") / "data" / "lookup" / "src" / "locations" / "lst_street"
        items = (folder / "items.txt").read_text(encoding="utf-8").splitlines()
        exceptions = set((folder / "exceptions.txt").read_text(encoding="utf-8").splitlines())
        _streets = frozenset(item.casefold() for item in items if item and item not in exceptions)
    return _streets


def lookups() -> Any:
    """deduce's lookup structures: its lists of first names, surnames, places,
    common words, eponymous diseases (``longest_matching_prefix([word])``)."""
    prepare()
    return _model.lookup_structs


def tokens(text: str) -> list[Any]:
    """deduce's tokens of ``text`` (``.text``, ``.start_char``, ``.end_char``)."""
    prepare()
    return list(_model.tokenizers["default"].tokenize(text))


def findings(text: str) -> list[tuple[str, int, int, str]]:
    """deduce's findings in ``text`` as (tag, start, end, text), people and places."""
    prepare()
    with _use_lock:  # deduce's processors are not documented as thread-safe
        document = _model.deidentify(text, disabled=set(UNUSED))
    return [(a.tag, a.start_char, a.end_char, a.text) for a in document.annotations]
