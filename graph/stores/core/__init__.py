"""What both stores do the same way, written once.

The embedded store (``graph.stores.embedded.store`` and its ``sqlite_*``,
``*_sql`` and ``memory_index`` modules) and the Neo4j store
(``graph.stores.neo4j.store*``) never import each other; what they share is here,
and the core imports neither (import-linter checks both, see pyproject.toml):

- ``plan``: the order in which a change (``ImportPlan``) is applied, over the
  steps each store implements in its own storage;
- ``sums``: the recency-weighted sums of cases search reads, and how they
  are turned into the answers of ``evidence_summary``, ``area_strength`` and
  ``history_summary`` (the rule itself is ``directory.search.recency``);
- ``columns``: those sums by place (``area_columns``, ``team_columns``), made
  from the dict answers where a store keeps no columns of its own;
- ``derived``: the cache of values derived from one revision (``Store.derived``);
- ``case_facts`` and ``collaboration``: the facts of a case search and the
  network ask about, and the collaboration graph ``graph.network`` walks;
- ``audit_form`` and ``renames``: the stored form of audit entries and how an
  erasure or a merge rewrites audit entries and consultations;
- ``versions``: refusing a change based on an outdated version;
- ``schema``: telling a KernteamDB store (of a version this code reads) from anything else.
"""
