"""`make bench`: ours against @neo4j/graphql (bench/peer) and the raw driver (see run.py)."""
