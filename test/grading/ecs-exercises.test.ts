import { describe, expect, it } from "vitest";
import { check, registeredResources } from "minicloud";

const fargate = (over: Record<string, unknown> = {}) => ({
  family: "hello-v2",
  requiresCompatibilities: ["FARGATE"],
  networkMode: "awsvpc",
  cpu: "512",
  memory: "1024",
  containerDefinitions: [{ name: "app", image: "minicloud/hello-service", portMappings: [{ containerPort: 8080 }], environment: [{ name: "APP_VERSION", value: "2" }] }],
  ...over,
});

describe("ECS exercises (notebooks 07–09)", { timeout: 60_000 }, () => {
  it("07-fargate-task-definition: passes a right one; shows ECS's own refusal for a wrong size", async () => {
    expect((await check("07-fargate-task-definition", fargate())).passed).toBe(true);
    const wrongSize = await check("07-fargate-task-definition", fargate({ cpu: "256", memory: "4096" }));
    expect(wrongSize.passed).toBe(false);
    expect(wrongSize.message).toContain("No Fargate configuration exists for given values: 256 CPU, 4096 memory.");
    expect(wrongSize.hint).toMatch(/size table/);
    const noEnv = await check("07-fargate-task-definition", fargate({ containerDefinitions: [{ name: "app", image: "minicloud/hello-service", portMappings: [{ containerPort: 8080 }] }] }));
    expect(noEnv.message).toContain("APP_VERSION");
  });

  it("07-tasks-that-fit: agrees with the scheduler; a version that forgets the reserved memory gets a counterexample", async () => {
    const right = (type: string, cpu: number, memory: number) => {
      const r = registeredResources(type);
      return Math.min(Math.floor(r.cpu / cpu), Math.floor(r.memory / memory));
    };
    expect((await check("07-tasks-that-fit", right)).passed).toBe(true);
    const forgot = await check("07-tasks-that-fit", (type: string, cpu: number, memory: number) => {
      const r = registeredResources(type);
      return Math.min(Math.floor(r.cpu / cpu), Math.floor((r.memory + 256) / memory));
    });
    expect(forgot.passed).toBe(false);
    expect(forgot.counterexample).toBeDefined();
  });

  it("07-task-states: checks the list against a task minicloud really ran", async () => {
    const states = ["PROVISIONING", "PENDING", "ACTIVATING", "RUNNING", "DEACTIVATING", "STOPPING", "DEPROVISIONING", "STOPPED"];
    expect((await check("07-task-states", states)).passed).toBe(true);
    const ec2Like = await check("07-task-states", ["PENDING", "RUNNING", "STOPPING", "STOPPED"]);
    expect(ec2Like.counterexample).toEqual({ input: "step 1", expected: "PROVISIONING", actual: "PENDING" });
  });

  it("08-binpack-next: the least memory left that still fits", async () => {
    type I = { id: string; remainingCpu: number; remainingMemory: number };
    const right = (instances: I[], task: { cpu: number; memory: number }) =>
      instances.filter((i) => i.remainingCpu >= task.cpu && i.remainingMemory >= task.memory).sort((a, b) => a.remainingMemory - b.remainingMemory)[0]?.id ?? null;
    expect((await check("08-binpack-next", right)).passed).toBe(true);
    const ignoresCpu = (instances: I[], task: { cpu: number; memory: number }) =>
      instances.filter((i) => i.remainingMemory >= task.memory).sort((a, b) => a.remainingMemory - b.remainingMemory)[0]?.id ?? null;
    expect((await check("08-binpack-next", ignoresCpu)).passed).toBe(false);
  });

  it("08-two-by-two: spread over instanceId passes; the default zone spread does not", async () => {
    expect((await check("08-two-by-two", [{ type: "spread", field: "instanceId" }])).passed).toBe(true);
    const binpack = await check("08-two-by-two", [{ type: "binpack", field: "memory" }]);
    expect(binpack.passed).toBe(false);
    expect(binpack.message).toMatch(/went 4 \+ 0|went 0 \+ 4/);
  });

  it("08-member-of: names the first instance an expression gets wrong", async () => {
    expect((await check("08-member-of", "attribute:ecs.instance-type =~ m5.* and attribute:ecs.availability-zone in [us-east-1a, us-east-1b]")).passed).toBe(true);
    const noZone = await check("08-member-of", "attribute:ecs.instance-type =~ m5.*");
    expect(noZone.counterexample).toMatchObject({ input: expect.stringContaining("us-east-1c"), expected: "kept off", actual: "placed here" });
    expect((await check("08-member-of", "attribute:ecs.instance-type ~= m5")).message).toContain("ECS would refuse");
    // An answer cell holds a function that returns the expression: the check evaluates what it returns.
    expect((await check("08-member-of", () => "attribute:ecs.instance-type =~ m5.* and attribute:ecs.availability-zone in [us-east-1a, us-east-1b]")).passed).toBe(true);
    expect((await check("08-member-of", () => "attribute:ecs.instance-type =~ m5.*")).passed).toBe(false);
  });

  it("09-deployment-settings: 75%/125% keeps capacity; 100%/100% is stuck", async () => {
    expect((await check("09-deployment-settings", { minimumHealthyPercent: 75, maximumPercent: 125 })).passed).toBe(true);
    expect((await check("09-deployment-settings", { minimumHealthyPercent: 100, maximumPercent: 100 })).message).toContain("never finished");
    expect((await check("09-deployment-settings", { minimumHealthyPercent: 50, maximumPercent: 200 })).message).toContain("fell to 4");
    expect((await check("09-deployment-settings", () => ({ minimumHealthyPercent: 75, maximumPercent: 125 }))).passed).toBe(true);
    expect((await check("09-deployment-settings", () => ({ minimumHealthyPercent: 100, maximumPercent: 100 }))).message).toContain("never finished");
  });

  it("09-stop-codes: compares with what ECS recorded when the scenarios ran", async () => {
    const right = { essentialExit: "EssentialContainerExited", userStop: "UserInitiated", missingImage: "TaskFailedToStart", scaleIn: "ServiceSchedulerInitiated" };
    expect((await check("09-stop-codes", right)).passed).toBe(true);
    const swapped = await check("09-stop-codes", { ...right, missingImage: "EssentialContainerExited" });
    expect(swapped.counterexample).toEqual({ input: "missingImage", expected: '"TaskFailedToStart"', actual: '"EssentialContainerExited"' });
  });

  it("09-circuit-breaker: half the desired count, between 3 and 200", async () => {
    expect((await check("09-circuit-breaker", (d: number) => Math.min(200, Math.max(3, Math.ceil(d / 2))))).passed).toBe(true);
    expect((await check("09-circuit-breaker", (d: number) => Math.ceil(d / 2))).counterexample?.input).toBe("d = 0");
  });
});
