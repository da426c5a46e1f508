// Chaos: keep killing a service's containers and check it always comes back to its desired count,
// with nothing left over; then roll out a new revision and check the floor is never crossed.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cloud, ensureBaseImage, ensureImageFromFolder, packageRoot, type EngineChoice } from "minicloud";
import { dockerRequirement } from "../support/requirements.js";
import { until } from "../support/waiting.js";

const docker = await dockerRequirement();
const CHAOS_MS = 20_000;

function chaos(engine: EngineChoice): void {
  describe(`a 6-task service under chaos on the ${engine} engine`, { timeout: 180_000 }, () => {
    let cloud: Cloud;
    const revision = (version: string) =>
      cloud.ecs.registerTaskDefinition({
        family: "web",
        containerDefinitions: [{ name: "app", image: "minicloud/hello-service", memory: 128, stopTimeout: 2, portMappings: [{ containerPort: 8080, hostPort: 0 }], environment: [{ name: "APP_VERSION", value: version }] }],
      });
    const appContainers = async () => (await cloud.engine.listContainers()).filter((c) => c.status === "running" && c.labels["com.amazonaws.ecs.container-name"] === "app");
    const runningTasks = async (): Promise<number> => {
      const { taskArns } = await cloud.ecs.listTasks({ cluster: "chaos", serviceName: "web" });
      if (taskArns.length === 0) return 0;
      return (await cloud.ecs.describeTasks({ cluster: "chaos", tasks: taskArns })).tasks.filter((t) => t.lastStatus === "RUNNING").length;
    };

    beforeAll(async () => {
      cloud = await Cloud.start({ engine, seed: 3 });
      await ensureBaseImage(cloud.engine);
      await ensureImageFromFolder(cloud.engine, "minicloud/hello-service:latest", join(packageRoot(), "images", "hello-service"));
      await cloud.ecs.createCluster({ clusterName: "chaos" });
      await cloud.ecs.launchContainerInstances({ cluster: "chaos", count: 3 });
      await revision("1");
      await cloud.ecs.createService({ cluster: "chaos", serviceName: "web", taskDefinition: "web", desiredCount: 6 });
      await cloud.ecs.waitUntilServicesStable({ cluster: "chaos", services: ["web"] });
    });
    afterAll(async () => {
      await cloud?.shutdown();
    });

    it("always returns to 6 running tasks, with exactly 6 containers, whatever is killed", async () => {
      const deadline = Date.now() + CHAOS_MS;
      let kills = 0;
      while (Date.now() < deadline) {
        const victims = await appContainers();
        const victim = victims[Math.floor(Math.random() * victims.length)];
        if (victim) {
          await cloud.engine.killContainer(victim.id, "SIGKILL").catch(() => undefined); // it may be stopping already
          kills++;
        }
        await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 600));
      }
      const [service] = await cloud.ecs.waitUntilServicesStable({ cluster: "chaos", services: ["web"] }, 60_000);
      expect(kills).toBeGreaterThan(10);
      expect(service?.runningCount).toBe(6);
      // Steady counts tasks; the containers of tasks still STOPPING go a moment later.
      await until(async () => ((await appContainers()).length === 6 ? true : undefined), 30_000);
      const { taskArns } = await cloud.ecs.listTasks({ cluster: "chaos", serviceName: "web", desiredStatus: "STOPPED" });
      expect(taskArns.length).toBeGreaterThanOrEqual(kills - 1);
    });

    it("rolls out a new revision without ever running fewer than minimumHealthyPercent of 6", async () => {
      await revision("2");
      let lowest = Infinity;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          lowest = Math.min(lowest, await runningTasks());
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      })();
      await cloud.ecs.updateService({ cluster: "chaos", service: "web", taskDefinition: "web:2", deploymentConfiguration: { minimumHealthyPercent: 50, maximumPercent: 100 } });
      const [service] = await cloud.ecs.waitUntilServicesStable({ cluster: "chaos", services: ["web"] }, 60_000);
      sampling = false;
      await sampler;
      expect(lowest).toBeGreaterThanOrEqual(3);
      expect(service?.deployments?.[0]).toMatchObject({ rolloutState: "COMPLETED", runningCount: 6, taskDefinition: expect.stringMatching(/web:2$/) });
      await until(async () => ((await appContainers()).length === 6 ? true : undefined), 30_000);
    });
  });
}

chaos("process");
describe.skipIf(docker.skip)(`docker ${docker.reason}`, () => chaos("docker"));
