"""The pool: what professionals, organisations, teams, expertise and cases are,
the rules for changing them, and the use cases. Knows nothing of Flask,
networkx or neo4j; storage is reached through ``directory.ports.Store``."""
