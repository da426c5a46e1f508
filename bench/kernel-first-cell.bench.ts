import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { packageRoot } from "minicloud";
import { findJupyter, installKernelspec, jupyterEnv } from "../kernel-ext/index.js";
import type { Benchmark } from "./support/types.js";
import { median, round2 } from "./support/measure.js";

const RUNS = 3;

/** The minicloud kernel seen from Jupyter's own client: start-up, the first cell, a trivial cell. */
const benchmark: Benchmark = {
  name: "kernel-first-cell",
  description: "minicloud kernel through jupyter_client: start → kernel_info, first cell, trivial cell (median of 20)",
  async run() {
    const root = packageRoot();
    const jupyter = findJupyter("nbconvert", root);
    if (jupyter?.jupyterClient === undefined) return { skip: "jupyter_client is not installed (see README: prerequisites)" };
    installKernelspec(root);
    const out = execFileSync(jupyter.python, [join(root, "bench", "support", "first-cell.py"), String(RUNS)], {
      env: jupyterEnv(root),
      cwd: join(root, "notebooks"),
      encoding: "utf8",
    });
    const runs = out
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { start_ms: number; first_cell_ms: number; trivial_cell_ms: number });
    return [
      { metric: "kernel_start_ms", value: round2(median(runs.map((r) => r.start_ms))), unit: "ms" },
      { metric: "first_cell_ms", value: round2(median(runs.map((r) => r.first_cell_ms))), unit: "ms" },
      { metric: "trivial_cell_ms", value: round2(median(runs.map((r) => r.trivial_cell_ms))), unit: "ms" },
    ];
  },
};
export default benchmark;
