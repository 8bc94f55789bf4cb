"""The row contract between a compiled statement and what finishes its answer.

Every read statement returns one row whose column `data` is the answer, already shaped like
the response but for what Cypher cannot do: each connection row carries its raw sort keys
(`__keys`) for the cursor, and a node whose type is chosen at run time (a search hit, a node
of any type in a question's answer) says which projection it used (`__type`).
"""

DATA = "data"
KEYS = "__keys"
TYPE_KEY = "__type"
