import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createVirtualClock } from "../../src/core/clock.js";
import { createRandom } from "../../src/core/random.js";
import { ClusterStore } from "../../src/ecs/clusters/cluster-store.js";
import { parseClusterQuery } from "../../src/ecs/placement/cluster-query.js";
import { checkConstraints, checkStrategies, placeTasks } from "../../src/ecs/placement/place-tasks.js";
import type { InstanceModel } from "../../src/ecs/placement/instance-model.js";

function cluster(count: number, ...instanceTypes: string[]): InstanceModel[] {
  const store = new ClusterStore(createVirtualClock(), createRandom(1), "abcdef012345");
  store.create("lab");
  return (instanceTypes.length ? instanceTypes : ["t3.medium"]).flatMap((instanceType) => store.launch({ cluster: "lab", count, instanceType }).map((r) => r.model));
}
const demand = { cpu: 256, memory: 512, ports: [], group: "service:web" };
const place = (instances: InstanceModel[], count: number, strategy: object[], constraints: object[] = [], d = demand) =>
  placeTasks({ instances, demand: d, count, strategies: checkStrategies(strategy as never), constraints: checkConstraints(constraints as never), random: createRandom(7) });

describe("the cluster query language", () => {
  const subject = {
    attributes: new Map<string, string | undefined>([["ecs.instance-type", "t3.medium"], ["ecs.availability-zone", "us-east-1b"], ["gpu", undefined]]),
    ec2InstanceId: "i-0abc",
    agentConnected: true,
    agentVersion: "1.80.0",
    registeredAt: 0,
    runningTasksCount: 3,
    taskGroups: new Set(["service:web"]),
  };
  it.each([
    ["attribute:ecs.instance-type == t3.medium", true],
    ["attribute:ecs.instance-type =~ t3.*", true],
    ["attribute:ecs.instance-type =~ m5.*", false],
    ["attribute:ecs.availability-zone in [us-east-1a, us-east-1b]", true],
    ["attribute:ecs.availability-zone not_in [us-east-1a, us-east-1b]", false],
    ["attribute:gpu exists", true],
    ["attribute:stack exists", false],
    ["not(attribute:stack exists) and runningTasksCount < 5", true],
    ["runningTasksCount > 3 or task:group == service:web", true],
    ["task:group == service:db", false],
    ["task:group != service:db", true],
    ["(attribute:ecs.instance-type == m5.large || attribute:ecs.instance-type == t3.medium) && agentConnected == true", true],
  ])("%s → %s", (expression, expected) => {
    expect(parseClusterQuery(expression)(subject)).toBe(expected);
  });
  it("names where an expression goes wrong", () => {
    expect(() => parseClusterQuery("attribute:ecs.instance-type t3.medium")).toThrow(/expected an operator .* \(position 29\)/);
    expect(() => parseClusterQuery("colour == red")).toThrow(/unknown subject "colour"/);
    expect(() => parseClusterQuery("(runningTasksCount > 1")).toThrow(/expected "\)"/);
    expect(() => parseClusterQuery("")).toThrow(expect.objectContaining({ name: "InvalidParameterException" }));
  });
});

describe("placement", () => {
  it("spread over instanceId puts 4 tasks on 2 instances two by two", () => {
    const instances = cluster(2);
    const { placed } = place(instances, 4, [{ type: "spread", field: "instanceId" }]);
    expect(instances.map((i) => i.runningTasksCount)).toEqual([2, 2]);
    expect(placed).toHaveLength(4);
  });

  it("binpack on memory fills one instance before the next", () => {
    const instances = cluster(3);
    place(instances, 6, [{ type: "binpack", field: "memory" }]);
    expect(instances.map((i) => i.runningTasksCount).sort()).toEqual([0, 0, 6]);
  });

  it("spread over zones, then binpack inside each zone, as strategies apply in order", () => {
    const instances = cluster(6); // zones a, b, c, a, b, c
    place(instances, 3, [{ type: "spread", field: "attribute:ecs.availability-zone" }, { type: "binpack", field: "memory" }]);
    const byZone = new Map<string, number>();
    for (const i of instances) byZone.set(i.attributes.get("ecs.availability-zone") ?? "", (byZone.get(i.attributes.get("ecs.availability-zone") ?? "") ?? 0) + i.runningTasksCount);
    expect([...byZone.values()]).toEqual([1, 1, 1]);
  });

  it("distinctInstance allows one task of the group per instance, and says so when it cannot place more", () => {
    const instances = cluster(2);
    const result = place(instances, 3, [], [{ type: "distinctInstance" }]);
    expect(result.placed).toHaveLength(2);
    expect(result.failures.map((f) => f.reason)).toEqual(["DistinctInstance", "DistinctInstance"]);
  });

  it("memberOf keeps tasks on matching instances; resource shortfalls are named", () => {
    const instances = cluster(1, "t3.micro", "m5.large");
    const result = place(instances, 20, [], [{ type: "memberOf", expression: "attribute:ecs.instance-type == m5.large" }]);
    expect(instances[0]?.runningTasksCount).toBe(0);
    expect(instances[1]?.runningTasksCount).toBe(8); // 2 vCPU = 2048 units / 256
    expect(new Set(result.failures.map((f) => f.reason))).toEqual(new Set(["MemberOf", "RESOURCE:CPU"]));
    const ports = place(cluster(1), 2, [], [], { ...demand, ports: [8080] });
    expect(ports.failures).toEqual([expect.objectContaining({ reason: "RESOURCE:PORTS" })]);
  });

  it("never overcommits an instance, whatever the strategy (generated clusters and tasks)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 60 }),
        fc.constantFrom([{ type: "binpack", field: "cpu" }], [{ type: "spread", field: "instanceId" }], [{ type: "random" }]),
        fc.integer({ min: 1, max: 8 }).map((n) => n * 128),
        (n, count, strategy, cpu) => {
          const instances = cluster(n);
          const { placed, failures } = place(instances, count, strategy, [], { ...demand, cpu, memory: cpu });
          for (const i of instances) expect(i.remainingCpu).toBeGreaterThanOrEqual(0);
          expect(placed.length === count || failures.length > 0).toBe(true);
        },
      ),
      { seed: 42, numRuns: 100 },
    );
  });

  it("refuses unknown strategies and fields", () => {
    expect(() => checkStrategies([{ type: "binpack", field: "disk" }])).toThrow(expect.objectContaining({ field: "placementStrategy[0].field" }));
    expect(() => checkStrategies([{ type: "pack" as never }])).toThrow(/Unknown placement strategy type "pack"/);
    expect(() => checkConstraints([{ type: "memberOf", expression: "cpu >" }])).toThrow(expect.objectContaining({ field: "placementConstraints[0].expression" }));
  });
});
