"""The ``kernteamdb`` command line (``python -m web.cli``): serving, import and export, accounts,
upkeep, privacy, reminders and retention. It builds on directory/ and the store, like the pages do."""
