"""The JSON API under /api/v1 (one blueprint): the routes, consultations, evaluation and upkeep, and
the consultation steps' parameters that web/openapi/ describes too. Beside the pages and the command
line, never importing them."""
