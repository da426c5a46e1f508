"""Times the minicloud kernel through Jupyter's own client: start, first cell, a trivial cell.

Prints one JSON object per run. Run with JUPYTER_PATH pointing at the project's Jupyter folder.
"""
import json
import os
import sys
import time

from jupyter_client.manager import start_new_kernel

runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3


def run_cell(client, code):
    started = time.perf_counter()
    reply = client.execute_interactive(code, timeout=120, output_hook=lambda msg: None)
    if reply["content"]["status"] != "ok":
        raise SystemExit(f"cell failed: {code!r}")
    return (time.perf_counter() - started) * 1000


for _ in range(runs):
    started = time.perf_counter()
    manager, client = start_new_kernel(kernel_name="minicloud", startup_timeout=120)
    start_ms = (time.perf_counter() - started) * 1000
    try:
        first = run_cell(client, "1 + 1")
        trivial = sorted(run_cell(client, "1 + 1") for _ in range(20))[10]
        print(json.dumps({"start_ms": start_ms, "first_cell_ms": first, "trivial_cell_ms": trivial}), flush=True)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)

# jupyter_client's clean-up at interpreter exit logs through a half-torn-down logging module; skip it.
os._exit(0)
