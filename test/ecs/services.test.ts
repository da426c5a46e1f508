// Services on the simulated engine: nothing runs, so large clusters and failure cases stay fast.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Cloud, ensureBaseImage, type RegisterTaskDefinitionRequest, type Service } from "minicloud";
import { until } from "../support/waiting.js";

let cloud: Cloud;
const definition = (family: string, image = "minicloud/node", memory = 512): RegisterTaskDefinitionRequest => ({
  family,
  containerDefinitions: [{ name: "app", image, memory, cpu: 256 }],
});
const describeService = async (name: string): Promise<Service> => (await cloud.ecs.describeServices({ cluster: "big", services: [name] })).services[0] as Service;
const tasksPerInstance = async (serviceName: string): Promise<Map<string, number>> => {
  const { taskArns } = await cloud.ecs.listTasks({ cluster: "big", serviceName });
  const { tasks } = await cloud.ecs.describeTasks({ cluster: "big", tasks: taskArns });
  const counts = new Map<string, number>();
  for (const t of tasks) counts.set(t.containerInstanceArn ?? "", (counts.get(t.containerInstanceArn ?? "") ?? 0) + 1);
  return counts;
};

beforeEach(async () => {
  cloud = await Cloud.start({ engine: "simulated", seed: 7 });
  await ensureBaseImage(cloud.engine);
  await cloud.ecs.createCluster({ clusterName: "big" });
});
afterEach(async () => {
  await cloud.shutdown();
});

describe("services on a large simulated cluster", () => {
  it("binpack uses as few instances as it can; spread over instanceId uses as many", async () => {
    await cloud.ecs.launchContainerInstances({ cluster: "big", count: 100, instanceType: "m5.large" });
    await cloud.ecs.registerTaskDefinition(definition("packed"));
    await cloud.ecs.createService({ cluster: "big", serviceName: "packed", taskDefinition: "packed", desiredCount: 40, placementStrategy: [{ type: "binpack", field: "memory" }] });
    await cloud.ecs.createService({ cluster: "big", serviceName: "spread", taskDefinition: "packed", desiredCount: 40, placementStrategy: [{ type: "spread", field: "instanceId" }] });
    await cloud.ecs.waitUntilServicesStable({ cluster: "big", services: ["packed", "spread"] });
    // m5.large registers 2048 CPU units and 7936 MiB: 8 tasks of 256 units fit, so 40 tasks need 5 instances.
    expect((await tasksPerInstance("packed")).size).toBe(5);
    expect([...(await tasksPerInstance("spread")).values()].every((n) => n === 1)).toBe(true);
  });

  it("says why it cannot place tasks, and places them once capacity arrives", async () => {
    await cloud.ecs.launchContainerInstances({ cluster: "big", count: 1, instanceType: "t3.micro" }); // 768 MiB
    await cloud.ecs.registerTaskDefinition(definition("big-task", "minicloud/node", 512));
    await cloud.ecs.createService({ cluster: "big", serviceName: "hungry", taskDefinition: "big-task", desiredCount: 3 });
    await until(async () => (await describeService("hungry")).events?.find((e) => /unable to place a task/.test(e.message ?? "")), 5000);
    const message = (await describeService("hungry")).events?.find((e) => /unable to place/.test(e.message ?? ""))?.message;
    expect(message).toMatch(/^\(service hungry\) was unable to place a task because no container instance met all of its requirements\. The closest matching \(container-instance [0-9a-f]{32}\) has insufficient memory available\./);
    await cloud.ecs.launchContainerInstances({ cluster: "big", count: 2, instanceType: "t3.medium" });
    const [stable] = await cloud.ecs.waitUntilServicesStable({ cluster: "big", services: ["hungry"] }, 10_000);
    expect(stable?.runningCount).toBe(3);
  });

  it("a DAEMON service runs one task per instance, including instances that join later, and leaves draining ones", async () => {
    const { containerInstances } = await cloud.ecs.launchContainerInstances({ cluster: "big", count: 3 });
    await cloud.ecs.registerTaskDefinition(definition("agent", "minicloud/node", 64));
    await cloud.ecs.createService({ cluster: "big", serviceName: "agent", taskDefinition: "agent", schedulingStrategy: "DAEMON" });
    await cloud.ecs.waitUntilServicesStable({ cluster: "big", services: ["agent"] });
    expect([...(await tasksPerInstance("agent")).values()]).toEqual([1, 1, 1]);
    await cloud.ecs.launchContainerInstances({ cluster: "big", count: 2 });
    await until(async () => ((await describeService("agent")).runningCount === 5 ? true : undefined), 5000);
    await cloud.ecs.updateContainerInstancesState({ cluster: "big", containerInstances: [containerInstances[0]?.containerInstanceArn ?? ""], status: "DRAINING" });
    await until(async () => ((await describeService("agent")).runningCount === 4 ? true : undefined), 5000);
    expect((await describeService("agent")).desiredCount).toBe(4);
  });

  it("moves a REPLICA service's tasks off a DRAINING instance, keeping the desired count", async () => {
    await cloud.ecs.launchContainerInstances({ cluster: "big", count: 3 });
    await cloud.ecs.registerTaskDefinition(definition("web"));
    await cloud.ecs.createService({ cluster: "big", serviceName: "web", taskDefinition: "web", desiredCount: 3, placementStrategy: [{ type: "spread", field: "instanceId" }] });
    await cloud.ecs.waitUntilServicesStable({ cluster: "big", services: ["web"] });
    const [drained] = [...(await tasksPerInstance("web")).keys()];
    await cloud.ecs.updateContainerInstancesState({ cluster: "big", containerInstances: [drained ?? ""], status: "DRAINING" });
    await until(async () => ((await tasksPerInstance("web")).has(drained ?? "") ? undefined : true), 5000);
    const [stable] = await cloud.ecs.waitUntilServicesStable({ cluster: "big", services: ["web"] });
    expect(stable?.runningCount).toBe(3);
  });

  it("the circuit breaker stops a deployment whose tasks cannot start, and rolls back", async () => {
    await cloud.ecs.launchContainerInstances({ cluster: "big", count: 2 });
    await cloud.ecs.registerTaskDefinition(definition("app"));
    await cloud.ecs.registerTaskDefinition(definition("app", "no-such-image:v2"));
    await cloud.ecs.createService({
      cluster: "big",
      serviceName: "app",
      taskDefinition: "app:1",
      desiredCount: 2,
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
    });
    await cloud.ecs.waitUntilServicesStable({ cluster: "big", services: ["app"] });
    await cloud.ecs.updateService({ cluster: "big", service: "app", taskDefinition: "app:2" });
    await until(async () => (await describeService("app")).events?.find((e) => /rolling back/.test(e.message ?? "")), 30_000);
    const [stable] = await cloud.ecs.waitUntilServicesStable({ cluster: "big", services: ["app"] }, 30_000);
    expect(stable?.taskDefinition).toMatch(/app:1$/);
    expect(stable?.runningCount).toBe(2);
    const messages = stable?.events?.map((e) => e.message) ?? [];
    expect(messages.some((m) => /deployment failed: tasks failed to start\./.test(m ?? ""))).toBe(true);
  });
});

describe("bad input gets ECS's errors", () => {
  it.each([
    ["an unknown cluster", () => cloud.ecs.runTask({ cluster: "nope", taskDefinition: "x" }), "ClusterNotFoundException", "cluster"],
    ["an unknown service", () => cloud.ecs.updateService({ cluster: "big", service: "nope", desiredCount: 1 }), "ServiceNotFoundException", "service"],
    ["an unknown task definition", () => cloud.ecs.runTask({ cluster: "big", taskDefinition: "nope" }), "ClientException", "taskDefinition"],
    ["no instances for EC2", async () => {
      await cloud.ecs.registerTaskDefinition(definition("x"));
      return cloud.ecs.runTask({ cluster: "big", taskDefinition: "x" });
    }, "InvalidParameterException", "cluster"],
    ["count over 10", async () => {
      await cloud.ecs.registerTaskDefinition(definition("x"));
      return cloud.ecs.runTask({ cluster: "big", taskDefinition: "x", count: 11 });
    }, "InvalidParameterException", "count"],
    ["FARGATE for an EC2-only definition", async () => {
      await cloud.ecs.registerTaskDefinition(definition("x"));
      return cloud.ecs.runTask({ cluster: "big", taskDefinition: "x", launchType: "FARGATE" });
    }, "InvalidParameterException", "launchType"],
    ["an awsvpc task without networkConfiguration", async () => {
      await cloud.ecs.registerTaskDefinition({ ...definition("v"), networkMode: "awsvpc", cpu: "256", memory: "512", containerDefinitions: [{ name: "a", image: "minicloud/node" }] });
      return cloud.ecs.runTask({ cluster: "big", taskDefinition: "v", launchType: "FARGATE" });
    }, "InvalidParameterException", "networkConfiguration"],
    ["an unknown subnet", async () => {
      await cloud.ecs.registerTaskDefinition({ ...definition("v"), networkMode: "awsvpc", cpu: "256", memory: "512", containerDefinitions: [{ name: "a", image: "minicloud/node" }] });
      return cloud.ecs.runTask({ cluster: "big", taskDefinition: "v", launchType: "FARGATE", networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-123"] } } });
    }, "InvalidParameterException", "networkConfiguration.awsvpcConfiguration.subnets[0]"],
    ["a deregistered revision", async () => {
      await cloud.ecs.registerTaskDefinition(definition("x"));
      await cloud.ecs.deregisterTaskDefinition({ taskDefinition: "x:1" });
      return cloud.ecs.runTask({ cluster: "big", taskDefinition: "x:1" });
    }, "ClientException", "taskDefinition"],
    ["a DAEMON service with a desiredCount", async () => {
      await cloud.ecs.registerTaskDefinition(definition("x"));
      return cloud.ecs.createService({ cluster: "big", serviceName: "d", taskDefinition: "x", schedulingStrategy: "DAEMON", desiredCount: 2 });
    }, "InvalidParameterException", "desiredCount"],
    ["a second service of the same name", async () => {
      await cloud.ecs.registerTaskDefinition(definition("x"));
      await cloud.ecs.createService({ cluster: "big", serviceName: "s", taskDefinition: "x", desiredCount: 0 });
      return cloud.ecs.createService({ cluster: "big", serviceName: "s", taskDefinition: "x", desiredCount: 0 });
    }, "InvalidParameterException", "serviceName"],
    ["deleting a cluster that has instances", async () => {
      await cloud.ecs.launchContainerInstances({ cluster: "big" });
      return cloud.ecs.deleteCluster({ cluster: "big" });
    }, "ClusterContainsContainerInstancesException", "cluster"],
    ["a bad memberOf expression", async () => {
      await cloud.ecs.launchContainerInstances({ cluster: "big" });
      await cloud.ecs.registerTaskDefinition(definition("x"));
      return cloud.ecs.runTask({ cluster: "big", taskDefinition: "x", placementConstraints: [{ type: "memberOf", expression: "attribute:ecs.instance-type ==" }] });
    }, "InvalidParameterException", "placementConstraints[0].expression"],
  ])("%s", async (_, call, name, field) => {
    await expect(call()).rejects.toMatchObject({ name, field });
    // Nothing was half-created: no task, no container.
    expect((await cloud.ecs.listTasks({ cluster: "big" })).taskArns).toEqual([]);
    expect(await cloud.engine.listContainers()).toEqual([]);
  });

  it("deletes an empty cluster; afterwards it is INACTIVE and unknown to new calls", async () => {
    const { cluster } = await cloud.ecs.deleteCluster({ cluster: "big" });
    expect(cluster.status).toBe("INACTIVE");
    await expect(cloud.ecs.listTasks({ cluster: "big" })).rejects.toMatchObject({ name: "ClusterNotFoundException" });
  });
});
