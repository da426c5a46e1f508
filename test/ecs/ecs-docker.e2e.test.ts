import { availableParallelism, totalmem } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Cloud, createDockerEngine, ensureBaseImage, ensureImageFromFolder, newSessionId, packageRoot, waitForHttp } from "minicloud";
import { dockerRequirement } from "../support/requirements.js";
import { ecsContract } from "./ecs-contract.js";

const docker = await dockerRequirement();
describe.skipIf(docker.skip)(`docker ${docker.reason}`, () => ecsContract("docker"));

describe.skipIf(docker.skip)(`a whole Docker engine as a container instance ${docker.reason}`, { timeout: 120_000 }, () => {
  it("registers the engine's CPUs and memory, and runs the instance's tasks on that engine", async () => {
    // The session runs on the process engine; the instance is this machine's Docker engine, reached by its socket.
    const cloud = await Cloud.start({ engine: "process" });
    try {
      const images = createDockerEngine({ sessionId: newSessionId() });
      await ensureBaseImage(images);
      await ensureImageFromFolder(images, "minicloud/hello-service:latest", join(packageRoot(), "images", "hello-service"));
      await images.shutdown();

      await cloud.ecs.createCluster({ clusterName: "hosts" });
      const { containerInstance } = await cloud.ecs.registerContainerInstance({ cluster: "hosts", dockerHost: "unix:///var/run/docker.sock", attributes: { kind: "docker-host" } });
      const cpu = containerInstance.registeredResources?.find((r) => r.name === "CPU")?.integerValue;
      const memory = containerInstance.registeredResources?.find((r) => r.name === "MEMORY")?.integerValue ?? 0;
      expect(cpu).toBe(availableParallelism() * 1024);
      expect(Math.abs(memory + 256 - totalmem() / 1024 / 1024)).toBeLessThan(64);
      await cloud.ecs.registerTaskDefinition({ family: "web", containerDefinitions: [{ name: "app", image: "minicloud/hello-service", memory: 128, portMappings: [{ containerPort: 8080, hostPort: 0 }] }] });
      const { tasks } = await cloud.ecs.runTask({ cluster: "hosts", taskDefinition: "web" });
      const [task] = await cloud.ecs.waitUntilTasksRunning({ cluster: "hosts", tasks: [tasks[0]?.taskArn ?? ""] });
      const binding = task?.containers?.[0]?.networkBindings?.[0];
      expect((await waitForHttp(`http://${binding?.bindIP}:${binding?.hostPort}/`, { timeoutMs: 15_000 })).json()).toMatchObject({ service: "hello-service" });
      // It ran on Docker, not on the session's process engine: a Docker container id, none on the process engine.
      expect(task?.containers?.[0]?.runtimeId).toMatch(/^[0-9a-f]{64}$/);
      expect(await cloud.engine.listContainers()).toEqual([]);
      await expect(cloud.ecs.registerContainerInstance({ cluster: "hosts", dockerHost: "ftp://nowhere" })).rejects.toMatchObject({ name: "InvalidParameterException", field: "dockerHost" });
    } finally {
      await cloud.shutdown();
    }
  });
});
