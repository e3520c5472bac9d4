"""What the tests and the benchmarks share, so that neither imports the other:
the synthetic pool with realistic skew (``synthetic``), a Bolt server for the
Neo4j store (``bolt_server``: ArcadeDB on 127.0.0.1) and the scoring of the
labelled household situations (``understanding``). Not part of the installed
product."""
