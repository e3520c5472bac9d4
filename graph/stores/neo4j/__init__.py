"""The Neo4j store, over a Bolt server. No re-exports: every import names the module
(graph.stores.neo4j.store for Neo4jStore), so the import rules can see which part uses which."""
