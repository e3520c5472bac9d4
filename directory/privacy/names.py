"""People's names and street addresses in a note: deduce, and the ways case
notes write them that deduce does not expect.

deduce (``directory.privacy.model``) finds most names: titles with a surname,
initials, first names and surnames from its Dutch lists, streets with a house
number. Case notes add their own forms, which the rules here catch:

- a kinship or client word before a name: "schoonzoon Bayu", "cliënt Oleksandr";
- a title with a surname that is not on any list: "fam. Oudenhoven";
- a name typed in lower case after a title or a kinship word: "mevrouw de
  leeuw", "zoon rayan";
- a name with an age: "Tesfay (17)", "Kübra, 19 jaar";
- a street with a number, abbreviated or glued: "Kerkstr. 12", "Orthenseweg nr 8".

And what deduce takes for a name but is not one: a common word opening a
sentence ("Zomer is rustiger"), the pool's own names and the region's places
(``directory.privacy.known``, blanked before anything is looked for).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from directory.privacy import model
from directory.privacy.patterns import Hit
from directory.search.language.stages import person_words
from directory.search.language.words import is_word, zipf

#: Words that introduce a client or a member of the household by name.
KIN = frozenset("""
zoon dochter moeder vader broer zus zuster zusje broertje opa oma grootvader grootmoeder partner man
vrouw echtgenoot echtgenote vriend vriendin kleinzoon kleindochter kleinkind neef nicht oom tante
schoonmoeder schoonvader schoonzoon schoondochter schoonzus schoonbroer stiefvader stiefmoeder stiefzoon
stiefdochter pleegzoon pleegdochter pleegkind pleegmoeder pleegvader ex ex-partner ex-man ex-vrouw
buurman buurvrouw cliënt client cliente klant jongere jongen meisje kind baby peuter kleuter tweeling
mantelzorger bewoner huurder mama papa mam pap zoontje dochtertje halfbroer halfzus aanvrager
aanvraagster betrokkene verwekker vriendje vriendinnetje ouder ouders tweelingbroer tweelingzus
heet heten genaamd naam roepnaam bijnaam alias betreft inzake
""".split())
#: Titles before a surname (deduce knows most; these are the forms it misses).
TITLES = frozenset("""
mevrouw mevr mw mvr mw. mevr. meneer mnr dhr dhr. heer fam fam. familie echtpaar juf juffrouw mej
mejuffrouw mijnheer m. mr mr.
""".split())
#: Parts of a Dutch surname before its main word.
INTERFIXES = frozenset("van de der den het 't ten ter te in op aan bij uit la le du da del dos el al "
                       "von zur".split())
#: Words that follow a title without being a name ("mevrouw van 84", "meneer zelf").
_NOT_AFTER_TITLE = frozenset("""
van zelf is heeft had wil wilde zegt zei geeft gaf kan kon was wordt werd en of die in op met uit
en om te dat als maar nog ook niet wel al weer gaat ging komt kwam belt belde woont heeft vertelt
vertelde vindt vond laat liet krijgt kreeg moet moest durft durfde blijft bleef lijkt leek voelt
""".split())
_TITLE = (r"(?:mevrouw|mevr|mvr|mw|meneer|mnr|mijnheer|dhr|hr|de heer|familie|fam|echtpaar|juffrouw|juf|"
          r"mejuffrouw|mej)(?![^\W\d_])")
_NAME_WORD = r"[^\W\d_][\w'’-]*"
#: A title, interfixes, and a word (the surname): checked further in code.
_INTERFIX = "|".join(sorted(INTERFIXES))
_TITLED = re.compile(rf"(?<![\w])(?P<title>{_TITLE})\.?[ ]?(?P<name>(?:(?:{_INTERFIX})[ ])*"
                     rf"{_NAME_WORD}(?:-{_NAME_WORD})?)", re.IGNORECASE)
_KIN = re.compile(rf"(?<![\w-])(?P<kin>{'|'.join(sorted(KIN, key=len, reverse=True))})[ ]?[,:]?[ ]?"
                  rf"(?:[ ]\(\d{{1,3}}\)[ ]|[ ]|\([ ]?)(?=(?P<name>{_NAME_WORD}))", re.IGNORECASE)
#: A surname first, then the title: "Sitompul, mevr.".
_SURNAME_FIRST = re.compile(rf"(?<![\w-])(?P<name>[A-ZÀ-ÖØ-Þ][\w'’-]+(?:,?[ ][A-ZÀ-ÖØ-Þ][\w'’-]+)?),?[ ]"
                            rf"{_TITLE}\.?(?![\w])", re.IGNORECASE)
#: A lower-case word: a first name typed without its capital ("yusuf doet het goed").
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-zà-öø-ÿ][a-zà-öø-ÿ'’-]{2,}(?![\w'’-])")
#: Words that make a name before them part of an organisation ("Ronald McDonald Huis").
ORGANISATION_WORDS = frozenset("""
huis centrum ziekenhuis stichting kliniek school college fonds instituut café cafe hof kring praktijk
apotheek vereniging academie lyceum gymnasium hospice paviljoen polikliniek huisartsenpraktijk zorg
groep centra stichtingen foundation fundatie gasthuis kinderopvang opvang
""".split())
#: A capitalised word with an age: "Tesfay (17)", "Kübra, 19 jaar", "Senait Tekle (24)".
_WITH_AGE = re.compile(r"(?<![\w-])(?P<name>[A-ZÀ-ÖØ-Þ][\w'’-]+(?:[ ][A-ZÀ-ÖØ-Þ][\w'’-]+)?)"
                       r"(?:[ ]?\([ ]?\d{1,3}[ ]?(?:jaar|jr\.?)?[ ]?\)|,[ ]\d{1,3}[ ]?(?:jaar|jr)\b)")
_STREET_END = ("straat|str|laan|ln|weg|wg|plein|pln|singel|gracht|kade|dijk|dreef|drf|hof|park|pad|"
               "steeg|markt|ring|baan|wal|haven|boulevard|allee|dam|plantsoen|erf|veld|akker|donk|hoeve|"
               "dries|lei|kwartier|bolwerk|pleintje|straatje|laantje|kamp|hoek|burg|berg|hoven|ven|wetering|"
               "dreve|passage|promenade|pier|polder|zoom|schans|veste|vest|gaarde|brink|vaart|oord|"
               "horst|heuvel|weide|stede|beemd|werf|zijde|einde|haag|oever|kant|rijk|hoven|acker|"
               "steenweg|kerkhof|tuin|tuinen|hout|dreef|bosch|wijk")
_UNITS = (r"km|kilometer|meter|m|minuten|min|uur|u|keer|x|jaar|jr|euro|eur|%|procent|dagen|dag|weken|"
          r"week|maanden|maand|kinderen|personen|mensen|stuks|woningen|huizen|bussen|kamers|cm|kg|liter|"
          r"casussen|casus|gezinnen|cliënten|clienten|aanmeldingen|meldingen|vragen|keren|punten|plekken")
_STREET = re.compile(
    rf"(?<![\w])(?P<street>[^\W\d_][\w'’]+(?:{_STREET_END}))\.?[ ]?(?:(?:nr|nummer|no|huisnummer)\.?[ ]?)?"
    rf"(?P<number>\d{{1,5}})(?P<addition>[ ]?[-_/]?[ ]?(?:[A-Za-z](?![\w])|bis\b|hs\b|II+\b|\d{{1,3}}\b))?"
    rf"(?![\d,.]\d)(?![ ]?(?:{_UNITS})\b)", re.IGNORECASE)
#: A word at least this common (wordfreq's Zipf scale) is not taken for a one-word street.
COMMON_ZIPF = 3.0
#: Up to four words and a house number: a street when the words are one on deduce's list.
_WORDS_NUMBER = re.compile(
    r"(?<![\w])(?P<words>(?:[^\W\d_][\w'’.-]*[ ]){0,3}[^\W\d_][\w'’.-]*)[ ]?(?:(?:nr|nummer|no)\.?[ ]?)?"
    r"(?P<number>\d{1,5})(?P<addition>[ ]?[-_/]?[ ]?(?:[A-Za-z](?![\w])|bis\b|hs\b|II+\b|\d{1,3}\b))?"
    rf"(?![\d,.:]\d)(?![ ]?(?:{_UNITS})\b)(?![.]\d)", re.IGNORECASE)
#: A place to live named after a label, whatever the street is called: "adres: Pettelaarseschans 4-B".
_LABELLED = re.compile(
    r"(?<![\w])(?:adres|woonadres|postadres|verblijfadres|woonachtig|woont|verblijft|wonend)"
    r"(?:[ ]?:[ ]?|[ ](?:aan|op|in)[ ](?:de[ ]|het[ ])?|[ ])"
    r"(?P<street>(?:[A-Z][\w'’.-]+[ ]){0,3}[A-Z][\w'’.-]+)[ ]?(?:(?:nr|nummer|no)\.?[ ]?)?"
    r"(?P<number>\d{1,5})(?:[ ]?[-_/]?[ ]?(?:[A-Za-z](?![\w])|bis\b|hs\b|II+\b|\d{1,3}\b))?"
    r"(?![\d,.]\d)", re.IGNORECASE)
#: deduce's tags for a person (its first-name, surname, initial and title patterns end in these).
_PERSON_TAGS = ("persoon", "patient")


def _lookup(kind: str, word: str) -> bool:
    """Whether deduce's list ``kind`` (first_name, surname, placename, ...) holds ``word``."""
    structs = model.lookups()
    return bool(structs[kind].longest_matching_prefix([word]))


def _is_common(word: str) -> bool:
    """A Dutch word deduce knows as ordinary (common words, its whitelist of non-names)."""
    structs = model.lookups()
    lowered = word.casefold()
    return lowered in structs["common_word"] or lowered in structs["whitelist"] \
        or lowered in structs["stop_word"]


_WORDS = re.compile(r"[^\W\d_]+")


def _is_dutch(word: str) -> bool:
    """A lower-case word that is Dutch rather than a name: titles, kinship and
    stage-of-life words, and ordinary words not on deduce's lists of names."""
    return word in TITLES or word in KIN or word in INTERFIXES or word in person_words() \
        or is_word(word) and not (_lookup("first_name", word.capitalize())
                                  or _lookup("surname", word.capitalize())) \
        or _is_common(word)


def _acronym(word: str) -> bool:
    return len(word) >= 2 and word.isupper()


def _name_like(word: str) -> bool:
    """A word that can be someone's name: on deduce's lists of names, or a
    capitalised word that is no Dutch word, place, disease or acronym."""
    if _acronym(word) or len(word) < 2:
        return False
    lowered = word.casefold()
    capital = word[:1].upper() + word[1:]
    if lowered in KIN or lowered in TITLES or lowered in person_words():
        return False
    if word[:1].isupper():
        if _lookup("eponymous_disease", capital) or _lookup("placename", capital):
            return False
        if _lookup("first_name", capital) or _lookup("surname", capital):
            return not _is_common(word)
        return not _is_dutch(lowered)
    # lower case: only what deduce's lists hold as a name and is no Dutch word
    return bool(_lookup("first_name", capital) or _lookup("surname", capital)) and not _is_dutch(lowered)


def _titled(text: str) -> Iterator[Hit]:
    for match in _TITLED.finditer(text):
        parts = match["name"].split(" ")
        surname = parts[-1]
        interfixes = [p.casefold() for p in parts[:-1]]
        if surname.casefold() in _NOT_AFTER_TITLE or surname.casefold() in INTERFIXES:
            continue
        if interfixes and interfixes[0] == "van" and interfixes[1:2] in (["de"], ["het"], []) \
                and not surname[:1].isupper():
            continue  # "meneer van de thuiszorg", "mevrouw van het CJG": who, not a name
        if surname[:1].isupper() and not _acronym(surname) and not _is_common(surname) \
                or interfixes and interfixes[-1] in ("de", "der", "den", "ten", "ter", "el", "al") \
                or not _is_dutch(surname.casefold()):  # after a title, any word that is no Dutch word
            yield Hit("name", match.start(), match.end())


def _surname_first(text: str) -> Iterator[Hit]:
    for match in _SURNAME_FIRST.finditer(text):
        words = match["name"].replace(",", "").split(" ")
        if all(_name_like(w) for w in words):
            yield Hit("name", match.start("name"), match.end("name"))


def _kin(text: str) -> Iterator[Hit]:
    for match in _KIN.finditer(text):
        if _name_like(match["name"]):
            yield Hit("name", match.start("name"), match.end("name"))


def _lower_first_names(text: str) -> Iterator[Hit]:
    """A first name typed in lower case: on deduce's list of first names and
    no Dutch word at all ("yusuf", "fatima"; not "kees", which is also a word)."""
    for match in _LOWER_WORD.finditer(text):
        word = match.group()
        if _lookup("first_name", word.capitalize()) and not _is_dutch(word) and not is_word(word):
            yield Hit("name", match.start(), match.end())


def _with_age(text: str) -> Iterator[Hit]:
    for match in _WITH_AGE.finditer(text):
        words = match["name"].split(" ")
        if all(_name_like(w) for w in words):
            yield Hit("name", match.start("name"), match.end("name"))


def _streets(text: str) -> Iterator[Hit]:
    for match in _STREET.finditer(text):
        street = match["street"].casefold()
        if street in ("week", "groep", "klas"):
            continue
        yield Hit("address", match.start(), match.end())


def _known_streets(text: str) -> Iterator[Hit]:
    """A street on the list of Dutch streets with a house number ("Rietvelden 7").
    Many streets are called by ordinary words (Markt, Groep, Kamer, Noord), so
    a one-word street counts only when it is a rare word, written with a
    capital in the middle of a sentence."""
    streets = model.streets()
    for match in _WORDS_NUMBER.finditer(text):
        words = match["words"].split(" ")
        for k in range(len(words), 0, -1):
            street = words[-k:]
            if not street[0][:1].isupper() or street[0].casefold() in INTERFIXES and k == 1:
                continue
            if " ".join(street).casefold() not in streets:
                continue
            if k == 1 and (zipf(street[0].casefold()) >= COMMON_ZIPF or _is_common(street[0])
                           or _sentence_start(text, match.start("words") + len(" ".join(words[:-1])))):
                continue
            start = match.start("words") + len(" ".join(words[:-k])) + (1 if k < len(words) else 0)
            yield Hit("address", start, match.end())
            break


def _labelled(text: str) -> Iterator[Hit]:
    for match in _LABELLED.finditer(text):
        if match["street"][:1].isupper():
            yield Hit("address", match.start("street"), match.end())


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \"'(")
    return not before or before[-1] in ".!?:;\n-•*"


def _part_of_organisation(text: str, end: int) -> bool:
    """A name followed, within two capitalised words, by a word such as Huis
    or Stichting: an organisation named after someone ("Ronald McDonald Huis")."""
    following = text[end:end + 60].split()
    for word in following[:3]:
        bare = word.strip(".,;:()")
        if bare[:1].isupper() and bare.casefold() in ORGANISATION_WORDS:
            return True
        if not word[:1].isupper():
            return False
    return False


def _institutions(text: str) -> list[tuple[int, int]]:
    """Where deduce's list of hospitals names one ("Prinses Máxima Centrum")."""
    tokens = [t for t in model.tokens(text) if t.text.strip()]
    words = [t.text for t in tokens]
    spans = []
    i = 0
    while i < len(tokens):
        longest = 0
        found = model.lookups()["hospital"].longest_matching_prefix(words[i:])
        if found:
            longest = len(found)
        if longest > 1 or longest == 1 and tokens[i].text[:1].isupper():
            spans.append((tokens[i].start_char, tokens[i + longest - 1].end_char))
            i += longest
        else:
            i += 1
    return spans


def _deduce(text: str) -> Iterator[Hit]:
    for tag, start, end, found in model.findings(text):
        if any(t in tag for t in _PERSON_TAGS):
            single = " " not in found.strip() and "." not in found
            if single and _sentence_start(text, start) and _is_dutch(found.casefold()):
                continue  # "Zomer is rustiger": a word opening a sentence
            if single and (found.casefold() in KIN | TITLES
                           or text[end:end + 2][:1] == "-" and text[end + 1:end + 2].islower()):
                continue  # "Kick-off": part of a word
            words = found.split()
            while words and words[0].casefold() in INTERFIXES:
                words = words[1:]
            if len(words) < len(found.split()) and words and _lookup("placename", " ".join(words)):
                continue  # "(de sociale kaart) van Rosmalen": a place
            if _part_of_organisation(text, end):
                continue
            yield Hit("name", start, end)
        elif "locatie" in tag and any(c.isdigit() for c in found):
            yield Hit("address", start, end)


def _cased(text: str) -> str:
    """Words typed in capitals as they would be written: Dutch words in lower
    case, the others (names, places) capitalised. That is every word of a note
    typed in capitals, and elsewhere capitals of five letters or more or three
    such words in a row ("NAAM: RAMDIN, SURESH"); acronyms (GGZ, NAH) stay.

    >>> _cased("DHR. RAHIMI WIL GEEN TOLK")
    'dhr. Rahimi wil geen tolk'
    >>> _cased("NAAM: RAMDIN, SURESH via de GGZ")
    'naam: Ramdin, Suresh via de GGZ'
    """
    shouting = not any(c.islower() for c in text)
    words = list(_WORDS.finditer(text))
    capitals = [len(m.group()) >= 2 and m.group().isupper() for m in words]
    run = [0] * len(words)  # the length of the run of capital words each is in
    i = 0
    while i < len(words):
        j = i
        while j < len(words) and capitals[j]:
            j += 1
        run[i:j] = [j - i] * (j - i)
        i = max(j, i + 1)
    out = list(text)
    for i, match in enumerate(words):
        if capitals[i] and (shouting or len(match.group()) >= 5 or run[i] >= 3):
            word = match.group().lower()
            out[match.start():match.end()] = word if _is_dutch(word) else word.capitalize()
    return "".join(out)


def name_hits(text: str) -> list[Hit]:
    """The names and street addresses in ``text`` (a reading with the known
    names blanked), overlapping hits merged into the first of them."""
    text = _cased(text)
    for start, end in _institutions(text):
        text = text[:start] + " " * (end - start) + text[end:]
    found = sorted([*_deduce(text), *_titled(text), *_surname_first(text), *_kin(text),
                    *_lower_first_names(text), *_with_age(text), *_streets(text), *_known_streets(text),
                    *_labelled(text)],
                   key=lambda h: (h.start, -h.end))
    merged: list[Hit] = []
    for hit in found:
        if merged and hit.start < merged[-1].end:
            last = merged[-1]
            kind = "address" if "address" in (hit.kind, last.kind) else last.kind
            merged[-1] = Hit(kind, last.start, max(hit.end, last.end))
            continue
        merged.append(hit)
    return merged
