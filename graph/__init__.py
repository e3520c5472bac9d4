"""The graph behind the directory: stores (embedded, Neo4j) and the search and
network algorithms that run on them. Never imports Flask."""
