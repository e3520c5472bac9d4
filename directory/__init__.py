"""The pool: what professionals, organisations, teams, expertise and cases are,
the rules for changing them, and the use cases. Knows nothing of Flask,
networkx or neo4j; storage is reached through the ports of ``directory.ports``
(each service asks for the ones it uses; ``Store`` is all of them)."""
