import { spawnSync } from "node:child_process";
import { packageRoot, simulateEcs, simulateLambda, type EcsSimOptions, type LambdaSimOptions } from "minicloud";
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

/** 10,000 tasks on 1,000 instances for an hour: 500 task failures an hour and 5 instance failures an hour. */
const FLEET: EcsSimOptions = {
  instances: { count: 1000, instanceType: "m5.xlarge" },
  services: [{ name: "web", desiredCount: 10_000, cpu: 256, memory: 512, placementStrategy: [{ type: "spread", field: "attribute:ecs.availability-zone" }, { type: "binpack", field: "memory" }] }],
  durationMs: 3_600_000,
  taskFailures: { type: "poisson", perSecond: 500 / 3600 },
  instanceFailures: { type: "poisson", perSecond: 5 / 3600 },
  seed: 1,
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
    const ecsRuns: number[] = [];
    let fleet = simulateEcs(FLEET);
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      fleet = simulateEcs(FLEET);
      ecsRuns.push(performance.now() - started);
    }
    const ecsMs = round2(median(ecsRuns));
    // The same fleet for a whole day (24 times the failures), for scale: every failure is one more
    // placement over the 1,000 instances.
    const dayRuns: number[] = [];
    let day = fleet;
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      day = simulateEcs({ ...FLEET, durationMs: 86_400_000 });
      dayRuns.push(performance.now() - started);
    }
    results.push(
      { metric: "ecs_hour_failures_injected", value: fleet.taskFailures + fleet.instanceFailures, unit: "failures" },
      { metric: "ecs_hour_tasks_started", value: fleet.tasksStarted, unit: "tasks" },
      { metric: "ecs_10k_tasks_1k_instances_hour", value: ecsMs, unit: "ms", target: "≤ 5000 ms", met: ecsMs <= 5000 },
      { metric: "ecs_day_failures_injected", value: day.taskFailures + day.instanceFailures, unit: "failures" },
      { metric: "ecs_10k_tasks_1k_instances_day", value: round2(median(dayRuns)), unit: "ms" },
    );
    return results;
  },
};
export default benchmark;
