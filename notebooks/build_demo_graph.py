"""Build the demo graph the notebooks read: ``python notebooks/build_demo_graph.py [DB] [--subjects N] [--seed S]``.

A thin wrapper over :func:`creditgraph.demo.build_demo` (``make demo`` uses the same function);
the default DB is ``$CREDITGRAPH_DB`` or ``data/creditgraph.lbug``.
"""

from creditgraph.demo import main

if __name__ == "__main__":
    main()
