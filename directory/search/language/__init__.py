"""Dutch as wijkwerkers type it: the language side of understanding a need.

- ``words``: tokens, lemmas from simplemma (blowt -> blowen, geslagen ->
  slaan), and whether a word is ordinary Dutch (simplemma's dictionary and
  wordfreq's common words: *uitzending* is never read as *uitzetting*);
- ``phrases``: finding the vocabulary's terms among a question's words;
- ``reporters``: who tells ("thuiszorg ziet dat ...") names no need;
- ``stages``: what a question says about a person's age (a child with
  autism needs the youth team) and whom violence is done to;
- ``household``: how that and the other needs change the areas found
  (Korsakov, dubbele diagnose, KOPP/KVO, young parents);
- ``examples``: a model learned from example needs (``examples.tsv``) for
  when no term names an area;
- ``rules.json``: the curated part no library knows (little words, generic
  words, idioms, ages, stage and household rules), each list with why.

The vocabulary that uses all this is ``directory.search.vocabulary``.
"""
