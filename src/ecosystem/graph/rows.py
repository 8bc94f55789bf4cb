"""The row contract between a compiled statement and what finishes its answer.

Every read statement returns one row whose column `data` is the answer, already shaped like
the response but for what Cypher cannot do: each connection row carries its raw sort keys
(`__keys`) for the cursor, and a node whose type is chosen at run time (a search hit, a node
of any type in a question's answer) says which projection it used (`__type`).

A chunked answer (a question's `Ask.chunk`, for answers of hundreds of thousands of values)
returns many rows instead: `part` is the index of one of its fields, `at` where a slice of
that field's list starts, and `data` the slice (or, for a field that is not a list, its value
at `at` 0). An empty list has no rows.
"""

DATA = "data"
PART = "part"
AT = "at"
KEYS = "__keys"
TYPE_KEY = "__type"
