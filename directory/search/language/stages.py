"""How old is the person a need is about? Stage-of-life cues in a question.

A child with autism needs the youth team, not the adult one; dementia at 58
is jongdementie; a fall is an elderly-care question for an 84-year-old and
not for a toddler. ``cues`` finds what a question says about age: explicit
ages ("van 15", "15 jaar", "15-jarige", "80-plusser", "18+") and words
(jongen, puber, oma, volwassen), each with its place, so that the
vocabulary can take the cue nearest to each need (``nearest``). The words
and the rules that use them are ``rules.json``'s ("stages", "stage_rules").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from directory.search.language.words import Token, rules

MAX_DISTANCE = 8  # a cue further from the need than this many words says nothing about it
CLAUSE = 3  # a comma or full stop between a cue and a need counts as this many words
#: How sure a cue is: an age in numbers, a stage word, a word that is often but not always it.
EXPLICIT, WORD, WEAK = 3, 2, 1
CHILDHOOD = "kindertijd"  # the stage of "als kind", "als meisje": something that happened long ago


@dataclass(frozen=True, slots=True)
class Cue:
    """A stage of life ("kind", "volwassen", "oudere") said at token ``at``."""

    at: int
    stage: str
    strength: int
    typed: str  # the words that said it, as typed: "jongen", "zoon van 15"
    word: str = ""  # the person word, lower case ("zoon"), if a word said it
    age: int | None = None  # the age in years, if one was said
    end: int = -1  # its last token ("zoon van 15": the 15)


@cache
def _stage_words() -> dict[str, tuple[str, int]]:
    out: dict[str, tuple[str, int]] = {}
    for stage, spec in rules()["stages"].items():
        weak = set(spec.get("weak", ()))
        for word in spec["words"]:
            out[word] = (stage, WEAK if word in weak else WORD)
    return out


@cache
def person_words() -> frozenset[str]:
    """Words for a person that say their stage of life or role (opa, zoon, mevrouw)."""
    return frozenset(_stage_words()) | frozenset(rules()["ages_said"]["persons"])


def stage_of_age(age: int) -> str | None:
    """The stage an age in years falls in (``rules.json``'s ranges).

    >>> stage_of_age(15), stage_of_age(58), stage_of_age(84)
    ('kind', 'volwassen', 'oudere')
    """
    for stage, spec in rules()["stages"].items():
        low, high = spec["ages"]
        if low <= age <= high:
            return str(stage)
    return None


def _age(tokens: list[Token], i: int) -> int | None:
    """The age token ``i`` gives, if it is one: 15 in "van 15", "15 jaar",
    "15-jarige", "zoon (15)", "is pas 58", "een jaar of 30".

    >>> from directory.search.language.words import tokens as words
    >>> said = [words(t) for t in ("man van 58", "is nu 40", "mevrouw 80 jaar", "kost 15 euro",
    ...                            "kreeg 5 jaar cel", "al 30 jaar getrouwd", "is 15 jaar oud")]
    >>> [_age(t, next(i for i, w in enumerate(t) if w.lower.isdigit())) for t in said]
    [58, 40, 80, None, None, None, 15]
    """
    word = tokens[i].lower
    if word.endswith("+") and word[:-1].isdigit():  # 18+, 65+
        return int(word[:-1])
    spelled = _spelled_age(tokens, i)
    if spelled is not None:
        return spelled
    if not word.isdigit() or not 0 < int(word) <= 120:
        return None
    after = tokens[i + 1].lower if i + 1 < len(tokens) else ""
    before = tokens[i - 1].lower if i else ""
    said = rules()["ages_said"]
    person = before in said["before"] or before in _stage_words() or before in said["persons"]
    if after in ("jaar", "jr"):  # 15 jaar oud, zoon 15 jaar; not 5 jaar cel, al 30 jaar getrouwd
        following = tokens[i + 2].lower if i + 2 < len(tokens) else ""
        return int(word) if following == "oud" or person else None
    if after in rules()["age_units"]:
        return int(word)
    if after in rules()["not_age_units"]:
        return None
    if before == "van" and i > 1 and tokens[i - 2].lower in rules()["family"]["parents"] and int(word) < 14:
        return None  # moeder van 3: her children, not her age
    if person or _turning(tokens, i):
        return int(word)
    if before == "of" and i > 1 and tokens[i - 2].lower == "jaar":  # een jaar of 30
        return int(word)
    return None


def _turning(tokens: list[Token], i: int) -> bool:
    """Whether the number at ``i`` is an age someone turns: "wordt over drie maanden 18",
    "wordt in mei achttien" (a few words after 'wordt', in the same part of the sentence)."""
    turning = rules()["turning"]
    return any(tokens[j].lower in turning and tokens[j].clause == tokens[i].clause
               for j in range(max(0, i - 4), i))


def _spelled_age(tokens: list[Token], i: int) -> int | None:
    """An age in words: 'vijftiger' (55), 'begin vijftig' (52), 'van vijftien' (15).

    >>> from directory.search.language.words import tokens as words
    >>> said = ("vijftiger", "eind dertig", "van twaalf", "vijf")
    >>> [_spelled_age(words(t), len(t.split()) - 1) for t in said]
    [55, 38, 12, None]
    """
    word = tokens[i].lower
    said = rules()
    if word in said["decade_words"]:
        return int(said["decade_words"][word])
    value = said["number_words"].get(word)
    if value is None:
        return None
    before = tokens[i - 1].lower if i else ""
    if value >= 20 and value % 10 == 0 and before in said["decade_before"]:
        return int(value + said["decade_before"][before])
    if before == "van" and i > 1 and tokens[i - 2].lower in said["family"]["parents"] and value < 14:
        return None  # moeder van drie: her children
    if before == "van" or (i + 1 < len(tokens) and tokens[i + 1].lower in said["age_units"]) \
            or value >= 12 and _turning(tokens, i):
        return int(value)
    return None


def cues(tokens: list[Token]) -> list[Cue]:
    """Every stage cue in a question, in order. A person word with an age
    ("zoon van 15", "vrouw van 58") is one cue, as sure as the age; of two
    cues side by side ("oude vrouw") the surer one says it.

    >>> from directory.search.language.words import tokens as words
    >>> [(c.stage, c.strength, c.typed) for c in cues(words("moeder met zoon van 15"))]
    [('volwassen', 1, 'moeder'), ('kind', 3, 'zoon van 15')]
    """
    found: list[Cue] = []
    words = _stage_words()
    for i, token in enumerate(tokens):
        age = _age(tokens, i)
        stage = stage_of_age(age) if age is not None else None
        if age is not None and stage is None:
            continue
        if stage:
            cue = Cue(i, stage, EXPLICIT, token.typed, age=age, end=i)
        else:
            known = words.get(token.lower) or words.get(token.plain)
            if not known or i and tokens[i - 1].lower in ("oud", "ex"):  # oud-leerling, ex-partner
                continue
            if known[0] == "kind" and i and tokens[i - 1].lower in rules()["childhood_before"]:
                # "als kind misbruikt": a grown-up's childhood, not a child now
                cue = Cue(i - 1, CHILDHOOD, WORD, f"{tokens[i - 1].typed} {token.typed}", token.lower, end=i)
                found.append(cue)
                continue
            cue = Cue(i, known[0], known[1], token.typed, token.lower, end=i)
        previous = found[-1] if found else None
        if previous and cue.at - previous.at <= (2 if cue.strength == EXPLICIT else 1):
            joined = " ".join(t.typed for t in tokens[previous.at:cue.at + 1])
            # "oude vrouw": the surer word says it; "oudere jongens": of two sure words, the noun
            stronger = cue if cue.strength >= previous.strength else previous
            found[-1] = Cue(previous.at, stronger.stage, stronger.strength, joined,
                            previous.word or cue.word, previous.age if previous.age is not None else cue.age,
                            cue.at)
            continue
        found.append(cue)
    return found


def _bound(cue: Cue, places: list[int], tokens: list[Token] | None) -> bool:
    """Whether the need is said of the cue itself: "<person> met <need>", "<person>
    heeft/is/zit/... <need>" ("man van 52 met alzheimer, kinderen wonen nog thuis",
    "moeder heeft een depressie en de kinderen ...")."""
    first = min(places)
    if tokens is None or cue.end >= first:
        return False
    between = [t.lower for t in tokens[cue.end + 1:first]]
    return not between or between[0] in rules()["binding_words"] and len(between) <= 3


def _distance(cue: Cue, places: list[int], tokens: list[Token] | None) -> int:
    """Words between a cue and a need, a comma or full stop counting as ``CLAUSE``."""
    apart = min(min(abs(cue.at - p), abs(cue.end - p)) for p in places)
    if tokens is not None:
        apart += CLAUSE * min(abs(tokens[cue.at].clause - tokens[p].clause) for p in places)
    return apart


def _chosen(found: list[Cue], places: list[int], allowed: Callable[[Cue], bool],
            tokens: list[Token] | None = None) -> Cue | None:
    """The cue a need is about: the one it is said of ("moeder heeft een
    depressie"); else the nearest in the need's own part of the sentence;
    else the one the whole note starts with, its subject ("dochter van 9 raakt
    overprikkeld, kan niet tegen veranderingen, ouders lopen op hun tandvlees");
    else the nearest within ``MAX_DISTANCE``."""
    candidates = [c for c in found if allowed(c)]
    if not candidates:
        return None
    bound = [c for c in candidates if _bound(c, places, tokens)]
    if bound:
        return max(bound, key=lambda c: c.at)
    first = min(places)

    def rank(cue: Cue) -> tuple[int, int, int]:
        return (_distance(cue, places, tokens), 0 if cue.at < first else 1, -cue.strength)

    if tokens is not None:
        clause = tokens[first].clause
        same = [c for c in candidates if tokens[c.at].clause == clause]
        if same:
            return min(same, key=rank)
        opening = found[0]
        if opening in candidates and opening.at <= 2 and opening.at < first:
            return opening
    best = min(candidates, key=rank)
    if rank(best)[0] > MAX_DISTANCE and len({c.stage for c in found}) > 1:
        return None
    return best


def nearest(found: list[Cue], places: list[int], tokens: list[Token] | None = None) -> Cue | None:
    """The cue that says most about the need typed at ``places`` (``_chosen``):
    at equal distance the one before it, then the surest.

    >>> nearest([Cue(0, "volwassen", WEAK, "moeder"), Cue(4, "kind", WEAK, "zoon")], [2])
    Cue(at=0, stage='volwassen', strength=1, typed='moeder', word='', age=None, end=-1)
    """
    return _chosen(found, places, lambda cue: True, tokens)


def victim(found: list[Cue], tokens: list[Token], places: list[int]) -> Cue | None:
    """The cue for whom violence is done to: the object of an active verb
    ("vader slaat zijn zoon van 10": the son), the subject of a passive one
    ("oma wordt door haar kleinzoon geslagen": oma, not who comes after "door");
    the nearest for a need without a verb ("kind met blauwe plekken").

    >>> from directory.search.language.words import tokens as words
    >>> said = words("oma wordt door haar kleinzoon geslagen")
    >>> victim(cues(said), said, [5]).typed
    'oma'
    """
    first, last = min(places), max(places)
    framed = [c for c in found
              if c.stage == CHILDHOOD and c.at < first and tokens[c.at].clause == tokens[first].clause]
    if framed:  # "als kind misbruikt (door ...)": whatever the verb, it happened in a childhood
        return framed[-1]
    if not any(_is_verb(tokens[p]) for p in places):  # "blauwe plekken": whoever has them
        return nearest(found, places, tokens)
    nearby = [t.lower for t in tokens[max(0, first - 5):last + 5]]
    passive = "door" in nearby or any(t.lower in _PASSIVE for t in tokens[max(0, first - 5):first]) \
        or any(_is_participle(tokens[p]) for p in places)
    agents = {i + k for i, t in enumerate(tokens) if t.lower == "door" for k in (1, 2, 3)}
    if passive:
        return _chosen(found, places, lambda cue: cue.at < first and cue.at not in agents, tokens)
    verb = next(p for p in sorted(places) if _is_verb(tokens[p]))
    owned = any(c.at in (verb + 2, verb + 3) for c in found)  # "slaat haar moeder": whose, not whom
    if verb + 1 < len(tokens) and tokens[verb + 1].lower in _OBJECT_PRONOUNS and not owned:
        # "dochter schreeuwt tegen haar moeder van 86 en sluit haar op": whom 'haar' stands for,
        # a person said before, not the one who does it (the first of the verb's clause)
        clause = tokens[verb].clause
        doer = next((c for c in found if c.at < verb and tokens[c.at].clause == clause), None)
        before = [c for c in found if c.at < verb and c is not doer]
        return max(before, key=lambda c: c.at) if before else None
    # the object after the verb, also within the phrase ("vader slaat moeder"); none named after an
    # active verb ("zoon haalt geld van haar rekening"): the need says it
    return _chosen(found, places, lambda cue: cue.at > verb, tokens)


_PASSIVE = frozenset({"wordt", "worden", "werd", "werden"})
_OBJECT_PRONOUNS = frozenset({"haar", "hem", "hen", "hun", "mij", "me", "ons"})


def _is_participle(token: Token) -> bool:
    """A past participle (geslagen, geschopt, mishandeld, verwaarloosd): what was done
    to the one it is said of ("buurman ziet er verwaarloosd uit")."""
    if not _is_verb(token):
        return False
    word = token.lower
    # ge- after a separable first part: vastgebonden, opgesloten, uitgescholden, afgeperst
    separable = any(word.startswith(f"{part}ge") for part in rules()["prefixes"] if len(word) > len(part) + 4)
    return word.startswith("ge") or word.endswith("d") or separable


def _is_verb(token: Token) -> bool:
    """A form of a verb (slaat, geslagen, mishandelt): its lemma is an infinitive it differs from."""
    return any(k.endswith("n") and k != token.plain for k in token.keys)
