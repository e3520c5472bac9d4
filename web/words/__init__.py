"""Wording in the page's language: the reasons of a result, notices, consultation and connection
texts, identity labels and problems. Kept apart so that pages, the API and the command line say the
same thing."""
