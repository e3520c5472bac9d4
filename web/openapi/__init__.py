"""The OpenAPI description of the JSON API, built from the same models the API validates with, in
parts per area of the API."""
