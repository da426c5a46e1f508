import { describe, expect, it } from "vitest";
import { ec2Cost, fargateCost, simulateEcs, type EcsSimOptions } from "minicloud";

const HOUR = 3_600_000;
/** t3.medium registers 2,048 CPU units: two tasks of 1,024 each fit on one instance. */
const small = (over: Partial<EcsSimOptions> = {}): EcsSimOptions => ({
  instances: { count: 2, instanceType: "t3.medium" },
  services: [{ name: "web", desiredCount: 4, cpu: 1024, memory: 512 }],
  durationMs: HOUR,
  sampleEveryMs: 60_000,
  ...over,
});
const at = (result: ReturnType<typeof simulateEcs>, timeMs: number) => result.series.find((p) => p.timeMs === timeMs)!;

describe("simulateEcs", () => {
  it("repeats exactly for a seed", () => {
    const run = (seed: number) => JSON.stringify(simulateEcs({ ...small({ instances: { count: 20 }, services: [{ name: "web", desiredCount: 50, cpu: 256, memory: 512 }] }), seed, taskFailures: { type: "poisson", perSecond: 30 / 3600 } }));
    expect(run(4)).toBe(run(4));
    expect(run(4)).not.toBe(run(5));
  });

  it("starts every task after taskStartMs and bills the instances by the hour, whatever runs on them", () => {
    const result = simulateEcs(small({ taskStartMs: 30_000 }));
    expect(at(result, 0)).toMatchObject({ running: 0, pending: 4, instances: 2 });
    expect(at(result, 60_000)).toMatchObject({ running: 4, pending: 0 });
    expect(result.tasksPerInstance).toEqual([{ tasks: 2, instances: 2 }]);
    expect(result.cost).toBeCloseTo(ec2Cost({ instanceType: "t3.medium", hours: 1, count: 2 }).total, 10);
  });

  it("replaces each failed task, so the service is back to its desired count", () => {
    const result = simulateEcs(small({ taskFailures: { type: "trace", timestampsMs: [600_000, 1_200_000, 1_200_000] } }));
    expect(result.taskFailures).toBe(3);
    expect(result.tasksStarted).toBe(4 + 3);
    expect(at(result, 1_200_000)).toMatchObject({ running: 2, pending: 2, failures: 3 });
    expect(at(result, 1_260_000)).toMatchObject({ running: 4, pending: 0 });
  });

  it("keeps a failed instance's tasks pending until a replacement instance has room for them", () => {
    const result = simulateEcs(small({ instanceFailures: { type: "trace", timestampsMs: [600_000] }, instanceReplacementMs: 300_000 }));
    expect(result.instanceFailures).toBe(1);
    // The other instance is full (two tasks of 1,024 CPU units): two tasks wait for the replacement.
    expect(at(result, 660_000)).toMatchObject({ running: 2, pending: 2, instances: 1 });
    expect(at(result, 900_000)).toMatchObject({ instances: 2, pending: 2 });
    expect(at(result, 960_000)).toMatchObject({ running: 4, pending: 0 });
    // Three instances were paid for: two for 10 minutes and more, the replacement from 15 minutes on.
    const expected = ec2Cost({ instanceType: "t3.medium", hours: 1 }).total + ec2Cost({ instanceType: "t3.medium", hours: 600 / 3600 }).total + ec2Cost({ instanceType: "t3.medium", hours: (3600 - 900) / 3600 }).total;
    expect(result.cost).toBeCloseTo(expected, 10);
  });

  it("bills Fargate per task, per second, and a failed task's replacement from its own start", () => {
    const quiet = simulateEcs({ launchType: "FARGATE", services: [{ name: "web", desiredCount: 3, cpu: 512, memory: 1024 }], durationMs: HOUR });
    expect(quiet.cost).toBeCloseTo(fargateCost({ vcpu: 0.5, memoryGB: 1, durationSeconds: 3600, tasks: 3 }).total, 10);
    const failing = simulateEcs({ launchType: "FARGATE", services: [{ name: "web", desiredCount: 1, cpu: 512, memory: 1024 }], durationMs: HOUR, taskFailures: { type: "trace", timestampsMs: [20_000] } });
    // The first task ran 20 s but pays its one-minute minimum; its replacement runs the rest of the hour.
    const expected = fargateCost({ vcpu: 0.5, memoryGB: 1, durationSeconds: 20 }).total + fargateCost({ vcpu: 0.5, memoryGB: 1, durationSeconds: 3580 }).total;
    expect(failing.cost).toBeCloseTo(expected, 10);
  });

  it("packs with binpack and evens out with spread, through ECS's own placement", () => {
    const run = (type: "binpack" | "spread") =>
      simulateEcs({
        instances: { count: 10, instanceType: "m5.large" },
        services: [{ name: "web", desiredCount: 16, cpu: 256, memory: 512, placementStrategy: [type === "binpack" ? { type, field: "memory" } : { type, field: "instanceId" }] }],
        durationMs: 60_000,
      }).tasksPerInstance;
    // m5.large: 2,048 CPU units, so 8 tasks of 256 fill an instance.
    expect(run("binpack")).toEqual([{ tasks: 0, instances: 8 }, { tasks: 8, instances: 2 }]);
    expect(run("spread")).toEqual([{ tasks: 1, instances: 4 }, { tasks: 2, instances: 6 }]);
  });

  it("refuses bad input with AWS-style errors naming the field", () => {
    expect(() => simulateEcs({ launchType: "FARGATE", services: [{ name: "web", desiredCount: 1, cpu: 256, memory: 4096 }], durationMs: 1000 })).toThrow(expect.objectContaining({ name: "InvalidParameterValueException", field: "services[0].cpu" }));
    expect(() => simulateEcs(small({ instances: { count: -1 } }))).toThrow(expect.objectContaining({ field: "instances.count" }));
    expect(() => simulateEcs(small({ instances: { count: 1, instanceType: "x9.huge" as never } }))).toThrow(expect.objectContaining({ field: "instances.instanceType" }));
    expect(() => simulateEcs(small({ taskFailures: { type: "poisson", perSecond: -1 } }))).toThrow(expect.objectContaining({ field: "taskFailures.perSecond" }));
    expect(() => simulateEcs(small({ services: [{ name: "web", desiredCount: 1, cpu: 256, memory: 512, placementStrategy: [{ type: "pack" as never }] }] }))).toThrow(expect.objectContaining({ field: "services[0].placementStrategy[0].type" }));
  });
});
