"""Run every benchmark script in this folder (each prints its own table)."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
SKIP = {"run.py", "harness.py"}

if __name__ == "__main__":
    wanted = set(sys.argv[1:])
    for script in sorted(HERE.glob("*.py")):
        if script.name in SKIP or (wanted and script.stem not in wanted):
            continue
        print(f"== {script.stem}", flush=True)
        subprocess.run([sys.executable, str(script)], check=False)
