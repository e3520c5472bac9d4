"""Names that are not client identity: the pool's professionals, organisations
and teams, and the wijken and places the pool works in.

"Overleg met Jasper Maas" names a colleague, not a client, and "Reinier van
Arkel" or "De Groote Wielen" look like people's names to a name finder. The
guard blanks these before it looks for names. A professional counts by full
name only (first name and surname, as in the pool): a first name or a title
with a surname alone ("Jasper", "mevrouw Maas") could be anyone, and with a
large pool almost every first name and surname belongs to someone in it, so
those stay refused and the message asks for the full name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from directory.pool.model import WIJKEN_DEN_BOSCH, Organisation, Professional, Team
from directory.ports import Pool

#: Places of the region by the names people use for them that deduce's list
#: of Dutch places lacks (it knows 's-Hertogenbosch and Rosmalen).
PLACES = ("Den Bosch", "Den Haag", "Den Helder", "Den Dungen", "Den Burg", "Den Hoorn", "Den Ham",
          "De Meern", "De Bilt", "De Groote Wielen", "De Hambaken", "De Kruiskamp", "De Schutskamp",
          "Hintham", "Het Zand", "De Muntel", "De Vliert", "Orthen", "Deuteren", "Kruiskamp",
          "Maaspoort", "Graafsepoort", "Boschveld", "Rosmalen Noord", "Rosmalen Zuid", "Zuidoost")

_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W_])?")


def words(text: str) -> list[re.Match[str]]:
    """The words of ``text`` with where they are (letters, inner ' and -)."""
    return list(_WORD.finditer(text))


@dataclass(frozen=True)
class KnownNames:
    """Names to leave alone, as lower-case word sequences by their first word."""

    by_first: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, names: Iterable[str]) -> KnownNames:
        found: dict[str, set[tuple[str, ...]]] = {}
        for name in names:
            if not name or any(c.isdigit() for c in name):
                continue  # a "name" with digits could hide a number: never blanked
            sequence = tuple(m.group().casefold() for m in words(name))
            if sequence:
                found.setdefault(sequence[0], set()).add(sequence)
        return cls({first: tuple(sorted(seqs, key=len, reverse=True)) for first, seqs in found.items()})

    def __add__(self, other: KnownNames) -> KnownNames:
        merged = {k: set(v) for k, v in self.by_first.items()}
        for first, seqs in other.by_first.items():
            merged.setdefault(first, set()).update(seqs)
        return KnownNames({k: tuple(sorted(v, key=len, reverse=True)) for k, v in merged.items()})

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where known names are in ``text`` (whole words, any case).

        >>> KnownNames.of(["Jasper Maas", "Reinier van Arkel"]).spans("met jasper maas en Reinier van Arkel")
        [(4, 15), (19, 36)]
        >>> KnownNames.of(["Jasper Maas"]).spans("zoon Jasper en mevrouw Maas")
        []
        """
        if not self.by_first:
            return []
        found = words(text)
        lowered = [m.group().casefold() for m in found]
        spans = []
        i = 0
        while i < len(found):
            for sequence in self.by_first.get(lowered[i], ()):
                n = len(sequence)
                if tuple(lowered[i:i + n]) == sequence and _together(text, found[i:i + n]):
                    spans.append((found[i].start(), found[i + n - 1].end()))
                    i += n - 1
                    break
            i += 1
        return spans

    def blank(self, text: str) -> str:
        """``text`` with known names as spaces (same length: positions stay)."""
        chars = list(text)
        for start, end in self.spans(text):
            chars[start:end] = " " * (end - start)
        return "".join(chars)


def _together(text: str, found: list[re.Match[str]]) -> bool:
    """The words follow each other with only spaces, hyphens or dots between."""
    return all(not text[a.end():b.start()].strip(" -.") for a, b in zip(found, found[1:], strict=False))


NONE = KnownNames.of(())
#: What every store knows: the wijken of the demo municipality and the region's places.
REGION = KnownNames.of((*WIJKEN_DEN_BOSCH, *PLACES))


def names_in_records(records: Iterable[object]) -> list[str]:
    """The names and wijken in pool records (professionals, organisations, teams)."""
    names: list[str] = []
    for record in records:
        if isinstance(record, Professional | Organisation | Team):
            names.append(record.name)
        if isinstance(record, Organisation | Professional):
            names.extend(record.wijken)
        if isinstance(record, Team) and record.wijk:
            names.append(record.wijk)
    return names


def pool_names(store: Pool) -> KnownNames:
    """The known names of ``store``'s pool and region, kept until the pool changes."""
    def compute() -> KnownNames:
        records: list[object] = []
        for kind in ("professionals", "organisations", "teams"):
            records.extend(store.iter_records(kind))
        return REGION + KnownNames.of(names_in_records(records))
    return store.derived(("privacy", "known-names"), compute)
