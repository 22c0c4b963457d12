"""Run every benchmark script in this folder (each prints its own table)."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
SKIP = {"run.py", "harness.py"}
ON_REQUEST = {"province"}  # ~40 min and up to 13 GiB: run only when named (`run.py province`)

if __name__ == "__main__":
    wanted = set(sys.argv[1:])
    for script in sorted(HERE.glob("*.py")):
        if script.name in SKIP or (wanted and script.stem not in wanted):
            continue
        if script.stem in ON_REQUEST and script.stem not in wanted:
            continue
        print(f"== {script.stem}", flush=True)
        subprocess.run([sys.executable, str(script)], check=False)
