"""``python -m web.cli``: the command line, as ``kernteamdb`` (web.cli.main)."""

from web.cli.main import main

main()
