"""Dutch as wijkwerkers type it: the language side of understanding a need.

``words`` holds the mechanisms, each from a library made for Dutch:
lemmas from simplemma (blowt -> blowen, geslagen -> slaan), "is this an
ordinary Dutch word" from simplemma's dictionary and wordfreq's list of
common Dutch words (so *uitzending* is never corrected to *uitzetting*),
and compound splitting against those lists. ``rules.json`` is the curated
part that no library knows: words too general to name an area, idioms
that name none, the words that say how old someone is, and which areas
have a youth, adult or elderly variant (``stages``). The vocabulary that
uses all this is ``directory.taxonomy``.
"""
