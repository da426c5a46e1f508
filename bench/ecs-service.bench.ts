import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { Cloud, ensureBaseImage, ensureImageFromFolder, packageRoot, probeDocker } from "minicloud";
import type { Benchmark } from "./support/types.js";
import { median, round2, timeSpawn } from "./support/measure.js";

const RUNS = 3;
const TASKS = 20;
const IMAGE = "minicloud/hello-service:latest";

/** The floor: 20 plain `docker run -d` of the same image, started together, then removed. */
async function dockerRunsMs(): Promise<number> {
  const names = Array.from({ length: TASKS }, (_, i) => `minicloud-bench-floor-${process.pid}-${i}`);
  const started = performance.now();
  await Promise.all(names.map((name) => timeSpawn("docker", ["run", "-d", "--init", "--name", name, "-p", "127.0.0.1::8080", "-m", "128m", IMAGE])));
  const ms = performance.now() - started;
  spawnSync("docker", ["rm", "-f", ...names], { stdio: "ignore" });
  return ms;
}

/** A 20-task service on the Docker engine, from createService until ECS calls it steady. */
async function serviceMs(cloud: Cloud, n: number): Promise<number> {
  const name = `web${n}`;
  const started = performance.now();
  await cloud.ecs.createService({ cluster: "bench", serviceName: name, taskDefinition: "web", desiredCount: TASKS });
  await cloud.ecs.waitUntilServicesStable({ cluster: "bench", services: [name] }, 300_000);
  const ms = performance.now() - started;
  await cloud.ecs.updateService({ cluster: "bench", service: name, desiredCount: 0 });
  await cloud.ecs.waitUntilServicesStable({ cluster: "bench", services: [name] }, 300_000);
  return ms;
}

const benchmark: Benchmark = {
  name: "ecs-service",
  description: "a 20-task ECS service reaching steady state on Docker, next to 20 plain `docker run -d` (medians of 3, interleaved)",
  async run() {
    if (!(await probeDocker()).reachable) return { skip: "no Docker engine answers" };
    const cloud = await Cloud.start({ engine: "docker" });
    try {
      await ensureBaseImage(cloud.engine);
      await ensureImageFromFolder(cloud.engine, IMAGE, join(packageRoot(), "images", "hello-service"));
      await cloud.ecs.createCluster({ clusterName: "bench" });
      await cloud.ecs.launchContainerInstances({ cluster: "bench", count: 5, instanceType: "m5.xlarge" });
      await cloud.ecs.registerTaskDefinition({ family: "web", containerDefinitions: [{ name: "app", image: IMAGE, memory: 128, stopTimeout: 2, portMappings: [{ containerPort: 8080, hostPort: 0 }] }] });
      const floors: number[] = [];
      const services: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        floors.push(await dockerRunsMs());
        services.push(await serviceMs(cloud, i));
      }
      const floor = median(floors);
      const service = median(services);
      return [
        { metric: "docker_run_x20_ms", value: round2(floor), unit: "ms" },
        { metric: "service_x20_steady_ms", value: round2(service), unit: "ms" },
        { metric: "service_vs_docker_run", value: round2(service / floor), unit: "×", target: "≤ 1.3× 20 docker runs", met: service / floor <= 1.3 },
      ];
    } finally {
      await cloud.shutdown();
    }
  },
};
export default benchmark;
