"""How the graph is exposed: the GraphQL schema, its HTTP view, errors, limits."""
