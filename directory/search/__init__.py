"""Finding the right person: the search question, the vocabulary of expertise areas, understanding a
question in plain Dutch (language/), the reasons shown with a result, the connection between two
people, coverage and shortages. The ranking itself is in graph/."""
