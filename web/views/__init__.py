"""Blueprints for the HTML pages (the search, profile and network pages join here)."""
