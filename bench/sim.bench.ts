import { spawnSync } from "node:child_process";
import { packageRoot, simulateLambda, type LambdaSimOptions } from "minicloud";
import { median, round2 } from "./support/measure.js";
import type { Benchmark, Measurement } from "./support/types.js";

const RUNS = 5;

/** A million invocations: Poisson traffic at 1,000 events a second for 1,000 seconds, 1 s points. */
const MILLION: LambdaSimOptions = {
  durationMs: 1_000_000,
  bucketMs: 1000,
  seed: 1,
  functions: [{ name: "api", memoryMB: 512, cpuMs: 50, ioMs: 20, arrivals: { type: "poisson", perSecond: 1000 } }],
};

/** Peak memory (maxRSS) of a fresh Node process that runs the million-invocation simulation once. */
function peakMemoryMiB(): number {
  const script = `import { simulateLambda } from "minicloud"; const r = simulateLambda(${JSON.stringify(MILLION)}); if (r.total.invocations < 990000) process.exit(3); console.log(process.resourceUsage().maxRSS);`;
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: packageRoot(), encoding: "utf8" });
  if (child.status !== 0) throw new Error(`the memory probe exited ${child.status}: ${child.stderr}`);
  return Number(child.stdout.trim()) / 1024;
}

const benchmark: Benchmark = {
  name: "sim",
  description: "scale simulations on virtual time: a million Lambda invocations; 10,000 ECS tasks on 1,000 instances with failures",
  async run() {
    const lambdaRuns: number[] = [];
    let invocations = 0;
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      invocations = simulateLambda(MILLION).total.invocations;
      lambdaRuns.push(performance.now() - started);
    }
    const lambdaMs = round2(median(lambdaRuns));
    const memory = round2(peakMemoryMiB());
    const results: Measurement[] = [
      { metric: "lambda_invocations", value: invocations, unit: "invocations" },
      { metric: "lambda_1m_invocations", value: lambdaMs, unit: "ms", target: "≤ 5000 ms", met: lambdaMs <= 5000 },
      { metric: "lambda_invocations_per_s", value: Math.round(invocations / (lambdaMs / 1000)), unit: "/s" },
      { metric: "lambda_1m_peak_rss", value: memory, unit: "MiB", target: "≤ 1024 MiB", met: memory <= 1024 },
    ];
    return results;
  },
};
export default benchmark;
