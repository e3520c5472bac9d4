"""The pool's records and their upkeep: the model of a professional, team and organisation, the
checks every record passes, merging doubles, bulk edits, freshness, reminders and retention. Kept
together because every change to a record goes through them."""
