import { packageRoot } from "minicloud";
import type { Benchmark } from "./support/types.js";
import { interleavedMedians, round2, timeCommand } from "./support/measure.js";

const RUNS = 15;
const TARGET_OVERHEAD_MS = 150;

/** How much loading minicloud adds to a fresh Node process, against a bare `node -e 0` in the same run. */
const benchmark: Benchmark = {
  name: "import-minicloud",
  description: 'fresh `node` that runs `import("minicloud")` vs a bare `node -e 0`',
  async run() {
    const cwd = packageRoot();
    const [bare, loaded] = interleavedMedians(RUNS, [
      () => timeCommand(process.execPath, ["-e", "0"], { cwd }),
      () => timeCommand(process.execPath, ["--input-type=module", "-e", 'await import("minicloud")'], { cwd }),
    ]) as [number, number];
    const overhead = loaded - bare;
    return [
      { metric: "bare_node_ms", value: round2(bare), unit: "ms" },
      { metric: "import_ms", value: round2(loaded), unit: "ms" },
      {
        metric: "overhead_ms",
        value: round2(overhead),
        unit: "ms",
        target: `≤ ${TARGET_OVERHEAD_MS} ms over bare node`,
        met: overhead <= TARGET_OVERHEAD_MS,
      },
      { metric: "ratio_vs_bare", value: round2(loaded / bare), unit: "×" },
    ];
  },
};
export default benchmark;
