"""The embedded store: SQLite files with an in-memory networkx index. No re-exports: every import
names the module (graph.stores.embedded.store for EmbeddedStore), so the import rules can see which
part uses which."""
