from bench.compare.run import entry

entry()
