"""A process killed in the middle of writes leaves a database that reopens with every committed batch."""

import signal
import subprocess
import sys
import textwrap
import time

from creditgraph.graph_model.stores.embedded import EmbeddedStore

WRITER = textwrap.dedent(
    """
    import sys
    from creditgraph.graph_model.stores.embedded import EmbeddedStore
    s = EmbeddedStore(sys.argv[1])
    s.create_schema()
    i = 0
    while True:
        rows = [{"key": f"C{i}-{j}", "name": "x" * 50} for j in range(2000)]
        s.upsert_nodes("Company", rows)
        print(i, flush=True)
        i += 1
    """
)


def test_sigkill_during_writes_leaves_a_database_that_reopens(tmp_path):
    path = tmp_path / "crash.lbug"
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True)
    committed = -1
    deadline = time.monotonic() + 60
    while committed < 3 and time.monotonic() < deadline:
        committed = int(proc.stdout.readline())
    time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert committed >= 3, "writer never got going"

    store = EmbeddedStore(path)
    try:
        n = store.counts()["nodes"]["Company"]
        # every batch reported committed is there, and batches are whole
        assert n >= (committed + 1) * 2000
        assert n % 2000 == 0
        store.upsert_nodes("Company", [{"key": "after", "name": "y"}])
        assert store.counts()["nodes"]["Company"] == n + 1
    finally:
        store.close()
