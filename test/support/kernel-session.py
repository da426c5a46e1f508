"""Drives the minicloud kernel through Jupyter's own client for tests.

Reads a JSON list of requests on stdin — {"execute": code} or {"complete": code} — and prints a JSON list
of results: for execute, the reply (status, execution count), the stream outputs, the error and the
execute_result; for complete, the matches.
Run with JUPYTER_PATH pointing at the project's Jupyter folder, in the folder the notebook would be in.
"""
import json
import os
import sys

from jupyter_client.manager import start_new_kernel

requests = json.load(sys.stdin)
manager, client = start_new_kernel(kernel_name="minicloud", startup_timeout=120)
results = []
try:
    for request in requests:
        if "execute" in request:
            result = {"streams": []}

            def hook(msg):
                kind, content = msg["msg_type"], msg["content"]
                if kind == "stream":
                    result["streams"].append({"name": content["name"], "text": content["text"]})
                elif kind == "error":
                    result["error"] = {k: content[k] for k in ("ename", "evalue", "traceback")}
                elif kind == "execute_result":
                    result["result"] = content["data"]

            reply = client.execute_interactive(request["execute"], timeout=120, output_hook=hook)
            result["status"] = reply["content"]["status"]
            result["execution_count"] = reply["content"].get("execution_count")
            results.append(result)
        elif "complete" in request:
            code = request["complete"]
            client.complete(code, len(code))
            reply = client.get_shell_msg(timeout=60)
            results.append({"matches": reply["content"]["matches"]})
finally:
    client.stop_channels()
    manager.shutdown_kernel(now=True)
print(json.dumps(results), flush=True)
# jupyter_client's clean-up at interpreter exit logs through a half-torn-down logging module; skip it.
os._exit(0)
