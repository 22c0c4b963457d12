from creditgraph.api.cli import run

run()
