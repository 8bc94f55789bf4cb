"""The deterministic synthetic sample that makes the graph useful (`source: synthetic`).

`world.build` derives what the sample builds on from the real facts and makes the shared
vocabulary (professions, credentials); `copy.generate` makes one copy of the alliance's
members, their trainers, courses, training bases, standards and agreements, what the courses,
bases and programmes achieved (training outcomes) and which schools recognise which courses.
"""
