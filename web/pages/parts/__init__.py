"""What several pages compute: choices and pickers, charts, the network drawing, search filters,
lookups, uploads and who is signed in. Shared by the blueprints in web/pages/."""
