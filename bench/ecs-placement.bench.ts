import { Cloud, ensureBaseImage, type PlacementStrategy } from "minicloud";
import type { Benchmark, Measurement } from "./support/types.js";
import { median, round2 } from "./support/measure.js";

const RUNS = 3;
const STRATEGIES: Record<string, PlacementStrategy[]> = {
  binpack: [{ type: "binpack", field: "memory" }],
  spread: [{ type: "spread", field: "instanceId" }],
  random: [{ type: "random" }],
};

/** Milliseconds for a service of `tasks` tasks to reach a steady state on 1,000 simulated instances. */
async function placeMs(tasks: number, strategy: PlacementStrategy[]): Promise<number> {
  const cloud = await Cloud.start({ engine: "simulated", seed: 1 });
  try {
    await ensureBaseImage(cloud.engine);
    await cloud.ecs.createCluster({ clusterName: "big" });
    await cloud.ecs.launchContainerInstances({ cluster: "big", count: 1000, instanceType: "m5.xlarge" });
    await cloud.ecs.registerTaskDefinition({ family: "job", containerDefinitions: [{ name: "app", image: "minicloud/node", cpu: 256, memory: 512 }] });
    const started = performance.now();
    await cloud.ecs.createService({ cluster: "big", serviceName: "job", taskDefinition: "job", desiredCount: tasks, placementStrategy: strategy });
    const [service] = await cloud.ecs.waitUntilServicesStable({ cluster: "big", services: ["job"] }, 600_000);
    if (service?.runningCount !== tasks) throw new Error(`only ${service?.runningCount} of ${tasks} tasks placed`);
    return performance.now() - started;
  } finally {
    await cloud.shutdown();
  }
}

const benchmark: Benchmark = {
  name: "ecs-placement",
  description: "a service's tasks placed on 1,000 simulated container instances, per strategy, from 100 to 10,000 tasks",
  async run() {
    const results: Measurement[] = [];
    for (const [name, strategy] of Object.entries(STRATEGIES)) {
      for (const tasks of [100, 1000, 10_000]) {
        const runs: number[] = [];
        for (let i = 0; i < RUNS; i++) runs.push(await placeMs(tasks, strategy));
        const ms = round2(median(runs));
        results.push(
          tasks === 10_000
            ? { metric: `${name}_${tasks}_tasks`, value: ms, unit: "ms", target: "≤ 1000 ms", met: ms <= 1000 }
            : { metric: `${name}_${tasks}_tasks`, value: ms, unit: "ms" },
        );
      }
    }
    return results;
  },
};
export default benchmark;
