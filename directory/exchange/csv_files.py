"""The exchange format as CSV files, one per kind, for people who keep the
pool in a spreadsheet.

A set of CSV files is turned into the very document a JSON import takes
(``csv_document``) and validated by ``exchange.validate_document``, so the
rules and the all-or-nothing import are shared; only the places in the report
change, from ``professionals[2].expertise[0].area`` to
``professionals.csv row 4, column expertise`` (row 1 is the header, as a
spreadsheet counts). ``export_csv`` is the inverse.

Lists are written in one cell, items separated by ``|``; a professional's
expertise as ``area:level|area:level`` and a case's participants as
``professional:role:hours|...`` (role and hours may be left out; a
professional's id in that cell cannot hold ``:``). Files are
UTF-8 with or without a byte-order mark, separated by ``;`` or ``,``
(whichever the header line uses). The columns are in ``COLUMNS`` and the README.
Where a cell refers to an organisation, team or expertise area it may hold its
id or its exact name, and a level may be a word (basis, gevorderd,
specialist): ``directory.exchange.csv_names``.
Cells are written by ``directory.exchange.csv_cells`` (formula-like text gets a leading
quote) and that quote comes off again on reading, so a round trip is exact.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from directory.accounts.roles import WRITE_POOL, User, require
from directory.errors import InvalidInput
from directory.exchange.csv_cells import restored, row_writer
from directory.exchange.csv_names import level, resolve_names
from directory.exchange.document import (
    import_parsed,
    nothing_imported_unless_done,
    record_to_dict,
    validate_document,
)
from directory.pool.bulk import collector_paused
from directory.pool.model import (
    FORMAT,
    KINDS,
    Case,
    Document,
    ExpertiseArea,
    Organisation,
    Professional,
    Team,
)
from directory.ports import ImportPlan, PoolRecords, PoolWithTaxonomy
from directory.problems import Problem, Refusal

#: The columns of each file, in the order export writes them: the exchange
#: format's fields, in the order ``directory.pool.model`` declares them, so a new
#: field of a record is a new column without a second list to keep in step
#: (tests/unit/test_csv_exchange.py keeps the published ones in order). Required ones are
#: in ``REQUIRED``.
COLUMNS: dict[str, tuple[str, ...]] = {
    kind: tuple(column.name for column in fields(record_type))
    for kind, record_type in (("expertise", ExpertiseArea), ("organisations", Organisation), ("teams", Team),
                              ("professionals", Professional), ("cases", Case))
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "expertise": ("id", "label"), "organisations": ("id", "name"), "teams": ("id", "name"),
    "professionals": ("id", "name"), "cases": ("id", "opened", "areas", "participants"),
}
#: Columns holding a list: items separated by ``|``.
LISTS = frozenset({"synonyms", "related", "wijken", "areas", "teams", "knows", "languages",
                   "expertise", "participants"})
NUMBERS = frozenset({"hours_per_half_year"})
#: The file names each kind is read from (without ``.csv``): English as the
#: exchange format names the lists, or Dutch.
FILE_NAMES: dict[str, str] = {
    **{kind: kind for kind in KINDS},
    "organisaties": "organisations", "casussen": "cases", "professionals": "professionals",
    "expertisegebieden": "expertise",
}
SEPARATOR = "|"
_TRUE = {"ja", "true", "waar", "1", "yes"}
_FALSE = {"nee", "false", "onwaar", "0", "no"}
#: An unknown organisation, team or area: in a CSV cell, looked for by id and by name.
_UNKNOWN_NAMED = {"unknown_area": "unknown_area_named",
                  "unknown_organisation": "unknown_organisation_named",
                  "unknown_team": "unknown_team_named"}
_PLACE = re.compile(r"^(?P<kind>[a-z]+)\[(?P<index>\d+)\](?:\.(?P<column>[a-z_]+))?")


@dataclass
class CsvSource:
    """Where each record of the document came from: file name and row number."""

    files: dict[str, str] = field(default_factory=dict)  # kind -> file name
    rows: dict[tuple[str, int], int] = field(default_factory=dict)  # (kind, index) -> row
    #: Required columns a file lacks: reported once for the file, not once per row.
    missing: set[tuple[str, str]] = field(default_factory=set)


def kind_of(filename: str) -> str | None:
    """The kind a file holds, from its name (``professionals.csv``, ``organisaties.csv``)."""
    stem = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem = stem[:-4] if stem.lower().endswith(".csv") else stem
    return FILE_NAMES.get(stem.strip().lower())


def at(filename: str, code: str, row: int | None = None, column: str | None = None, /,
       **values: Any) -> Problem:
    """A problem at a place in a CSV file: ``FILE``, ``FILE row N``, ``FILE row N,
    column C`` or ``FILE, column 'C'``; the place is also in the values
    (``csv_file``, ``csv_row``, ``csv_column``) for a page to say it in its words."""
    where = filename if row is None else f"{filename} row {row}"
    if column is not None:
        where += f", column {column}" if row is not None else f", column '{column}'"
    place = {key: value for key, value in (("csv_row", row), ("csv_column", column))
             if value is not None}
    return Problem.of(where, code, **values, csv_file=filename, **place)


def csv_document(files: Mapping[str, bytes]) -> tuple[dict[str, Any], CsvSource, list[Problem]]:
    """The raw exchange document the files hold, where each record came from,
    and the problems only CSV can have (encoding, columns, list cells)."""
    raw: dict[str, Any] = {"format": FORMAT}
    source = CsvSource()
    problems: list[Problem] = []
    for filename, data in files.items():
        kind = kind_of(filename)
        if kind is None:
            names = ", ".join(f"{k}.csv" for k in KINDS)
            problems.append(at(filename, "unknown_file", names=names))
            continue
        if kind in source.files:
            problems.append(at(filename, "second_file", kind=kind, other=source.files[kind]))
            continue
        source.files[kind] = filename
        raw[kind] = _read_file(filename, kind, data, source, problems)
    return raw, source, problems


def parse_csv(files: Mapping[str, bytes], store: PoolWithTaxonomy | None = None) -> Document:
    """Parse and validate CSV files (file name -> bytes) into a document, like
    ``exchange.parse_document``; every problem as ``FILE row N, column C: message``."""
    raw, source, problems = csv_document(files)
    if not files:
        problems.append(Problem.of("(files)", "no_csv_file"))
    ambiguous = resolve_names(raw, store)
    problems.extend(csv_place(problem, source) for problem in ambiguous)
    said = {problem.field for problem in ambiguous}  # not again as unknown
    try:
        document = validate_document(raw, store)
    except InvalidInput as exc:
        problems.extend(csv_place(_looked_for(problem), source) for problem in exc.problems
                        if not _for_missing_column(problem, source) and problem.field not in said)
    if problems:
        raise InvalidInput(f"the files have {len(problems)} problem(s); nothing was changed",
                           problems)
    return document


def import_csv(files: Mapping[str, bytes], store: PoolWithTaxonomy, *, dry_run: bool = False,
               by: User | None = None) -> ImportPlan:
    """``exchange.import_document`` for CSV files: validate, plan, apply; all or nothing."""
    if by is not None:
        require(by, WRITE_POOL)
    with nothing_imported_unless_done(), collector_paused(freeze_after=True):
        return import_parsed(parse_csv(files, store), store, dry_run=dry_run, by=by)


def csv_place(problem: Problem, source: CsvSource) -> Problem:
    """A problem of the JSON document re-placed in the CSV file it came from."""
    found = _PLACE.match(problem.field)
    if not found or found["kind"] not in source.files:
        return problem
    kind, index = found["kind"], int(found["index"])
    return at(source.files[kind], problem.code, source.rows.get((kind, index), index + 2),
              found["column"] or None, **dict(problem.values))


def _looked_for(problem: Problem) -> Problem:
    """An unknown organisation, team or area: a CSV cell may name it by id or by name."""
    code = _UNKNOWN_NAMED.get(problem.code)
    return Problem(problem.field, code, problem.values) if code else problem


def _for_missing_column(problem: Problem, source: CsvSource) -> bool:
    found = _PLACE.match(problem.field)
    return bool(found and (found["kind"], found["column"]) in source.missing
                and problem.code == "missing")


def _read_file(filename: str, kind: str, data: bytes, source: CsvSource,
               problems: list[Problem]) -> list[dict[str, Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append(at(filename, "not_utf8_csv"))
        return []
    first_line, _, rest = text.partition("\n")
    first_row = 1
    if first_line.strip().lower() in {"sep=;", "sep=,"}:  # Excel's hint line
        delimiter, text, first_row = first_line.strip()[-1], rest, 2
    else:
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [name.strip().lower() for name in next(rows, [])]
    if not any(header):
        problems.append(at(filename, "empty_file"))
        return []
    # The rows are read even under a bad header (unknown columns left out), so
    # that the other files' references to them do not show up as problems too.
    source.missing.update((kind, name) for name in _header_problems(filename, kind, header, problems))
    records: list[dict[str, Any]] = []
    try:
        for number, row in enumerate(rows, start=first_row + 1):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                problems.append(at(filename, "too_many_values", number, values=len(row),
                                   columns=len(header)))
            source.rows[(kind, len(records))] = number
            records.append(_record(filename, number, header, row, problems, COLUMNS[kind]))
    except csv.Error as exc:
        problems.append(at(filename, "not_csv", reason=str(exc)))
    return records


def _header_problems(filename: str, kind: str, header: list[str],
                     problems: list[Problem]) -> list[str]:
    """Add the header's problems; return the required columns it lacks."""
    known = COLUMNS[kind]
    for number, name in enumerate(header):
        if name not in known:
            problems.append(at(filename, "unknown_column", None, name, columns=", ".join(known)))
        elif name in header[:number]:
            problems.append(at(filename, "column_twice", None, name))
    missing = [name for name in REQUIRED[kind] if name not in header]
    problems.extend(at(filename, "column_missing", column=name) for name in missing)
    return missing


def _record(filename: str, number: int, header: list[str], row: list[str],
            problems: list[Problem], known: tuple[str, ...]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for name, cell in zip(header, row, strict=False):
        value = restored(cell.strip())
        if not value or name not in known or name in record:
            continue
        try:
            record[name] = _value(name, value)
        except Refusal as exc:
            problems.append(at(filename, exc.problem.code, number, name, **dict(exc.problem.values)))
    return record


def _value(name: str, value: str) -> Any:
    if name in LISTS:
        items = [item.strip() for item in value.split(SEPARATOR) if item.strip()]
        if name == "expertise":
            return [_claim(item) for item in items]
        if name == "participants":
            return [_participant(item) for item in items]
        return items
    if name in NUMBERS:
        return _number(value)
    if name == "active":
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        raise Refusal(Problem.of("", "not_yes_no", value=value))
    return value


def _number(value: str) -> Any:
    """A number, with a decimal point or (as Dutch spreadsheets write it) a comma;
    anything else stays text, so that validation reports it."""
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        return value
    return int(number) if number.is_integer() else number


def _claim(item: str) -> dict[str, Any]:
    area, colon, written = item.rpartition(":")
    if not colon or not area.strip():
        raise Refusal(Problem.of("", "not_area_level", value=item))
    try:
        return {"area": area.strip(), "level": level(written)}
    except Refusal:
        raise Refusal(Problem.of("", "bad_level", value=item)) from None


def _participant(item: str) -> dict[str, Any]:
    parts = [part.strip() for part in item.split(":")]
    if len(parts) > 3 or not parts[0]:
        raise Refusal(Problem.of("", "not_participant", value=item))
    out: dict[str, Any] = {"professional": parts[0]}
    if len(parts) > 1 and parts[1]:
        out["role"] = parts[1]
    if len(parts) > 2 and parts[2]:
        out["hours"] = _number(parts[2])
    return out


# --- export --------------------------------------------------------------------

def export_csv(store: PoolRecords, delimiter: str = ";", *, by: User | None = None) -> dict[str, str]:
    """The whole store as CSV text per file name (``professionals.csv`` ...),
    with a byte-order mark and ``;`` so that spreadsheets open it as UTF-8 in
    columns, all of one revision. ``InvalidInput`` when a list item holds ``|`` (or a participant's id
    holds ``:``): CSV cannot carry it, JSON can. ``by``: who asks (None: the
    operator at the command line); only who may change the pool may."""
    if by is not None:
        require(by, WRITE_POOL)
    out: dict[str, str] = {}
    problems: list[Problem] = []
    records = store.records_at_one_revision()
    for kind in KINDS:
        row = row_writer(delimiter)
        lines = [row(COLUMNS[kind])]
        for number, record in enumerate(records[kind], start=2):
            values = record_to_dict(record)
            cells = []
            for name in COLUMNS[kind]:
                try:
                    cells.append(_cell(name, values.get(name)))
                except Refusal as exc:
                    problems.append(at(f"{kind}.csv", exc.problem.code, number, name,
                                       **dict(exc.problem.values)))
                    cells.append("")
            lines.append(row(cells))
        out[f"{kind}.csv"] = "\ufeff" + "".join(lines)
    if problems:
        raise InvalidInput("the pool cannot be written as CSV; export it as JSON", problems)
    return out


def _cell(name: str, value: Any) -> str:
    if value is None:
        return ""
    if name == "active":
        return "ja" if value else "nee"
    if name == "expertise":
        return SEPARATOR.join(f"{_item(c['area'])}:{c['level']}" for c in value)
    if name == "participants":
        return SEPARATOR.join(_participant_cell(p) for p in value)
    if name in LISTS:
        return SEPARATOR.join(_item(str(v)) for v in value)
    return str(value)


def _participant_cell(participation: dict[str, Any]) -> str:
    cell = f"{_item(participation['professional'], ':')}:{participation.get('role', 'specialist')}"
    if participation.get("hours") is not None:
        cell += f":{participation['hours']}"
    return cell


def _item(value: str, also: str = "") -> str:
    for forbidden in SEPARATOR + also:
        if forbidden in value:
            raise Refusal(Problem.of("", "separator_in_cell", value=value, separator=forbidden))
    return value
