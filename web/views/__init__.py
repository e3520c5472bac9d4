"""Blueprints for the HTML pages: search (also the start page), profiles, the
network, expertise, teams and organisations, signing in and the language."""
