// Exercises of notebook 08-ecs-scheduling: predict where binpack puts a task, choose the strategy that
// draws the course's 2 + 2 picture, and write a memberOf constraint. The scheduler is the oracle.
import { createRandom } from "../../core/random.js";
import type { PlacementStrategy } from "../../ecs/ecs-types.js";
import { parseClusterQuery, type QuerySubject } from "../../ecs/placement/cluster-query.js";
import type { InstanceModel } from "../../ecs/placement/instance-model.js";
import { checkConstraints, checkStrategies, placeTasks } from "../../ecs/placement/place-tasks.js";
import { verdict, type CheckResult } from "../check-result.js";
import { answerValue, asFunction, compareWithReference } from "../compare-with-reference.js";
import type { Exercise } from "../exercise-registry.js";
import { withEcs } from "./ecs-sandbox.js";

/** An instance as the binpack exercise describes it. */
export interface FreeCapacity {
  id: string;
  remainingCpu: number;
  remainingMemory: number;
}

/** Where ECS's binpack (on memory) puts the next task, or null when no instance can take it. */
function binpackChoice(instances: FreeCapacity[], task: { cpu: number; memory: number }): string | null {
  const models = instances.map(
    (i): InstanceModel => ({
      arn: i.id, ec2InstanceId: i.id, status: "ACTIVE", agentConnected: true, agentVersion: "1", registeredAt: 0,
      registeredCpu: i.remainingCpu, registeredMemory: i.remainingMemory, remainingCpu: i.remainingCpu, remainingMemory: i.remainingMemory,
      usedPorts: new Set(), groupCounts: new Map(), attributes: new Map(), taskGroups: new Set(), runningTasksCount: 0,
    }),
  );
  const { placed } = placeTasks({ instances: models, demand: { ...task, ports: [], group: "family:x" }, count: 1, strategies: checkStrategies([{ type: "binpack", field: "memory" }]), constraints: checkConstraints([]), random: createRandom(1) });
  return placed[0]?.ec2InstanceId ?? null;
}

const SPREAD = { id: "08-two-by-two", title: "A strategy that draws 2 + 2" };
const SPREAD_HINT = "Both instances are in the same availability zone, so spreading over zones cannot tell them apart: spread over something every instance has its own value of.";

async function checkTwoByTwo(answer: unknown): Promise<CheckResult> {
  const strategy = (await answerValue(answer)) as PlacementStrategy[];
  const layouts: string[] = [];
  for (const [count, zones] of [[2, ["us-east-1a", "us-east-1a"]], [4, ["us-east-1a", "us-east-1a", "us-east-1b", "us-east-1b"]]] as const) {
    const layout = await withEcs(async (cloud) => {
      await cloud.ecs.createCluster({});
      for (const zone of zones) await cloud.ecs.launchContainerInstances({ availabilityZone: zone });
      await cloud.ecs.registerTaskDefinition({ family: "web", containerDefinitions: [{ name: "app", image: "minicloud/node", memory: 256 }] });
      try {
        await cloud.ecs.createService({ serviceName: "web", taskDefinition: "web", desiredCount: count === 2 ? 4 : 8, placementStrategy: strategy });
      } catch (error) {
        return `refused: ${(error as Error).message}`;
      }
      await cloud.ecs.waitUntilServicesStable({ services: ["web"] }, 10_000);
      return cloud.ecs.clusterPicture({}).rows.reduce((m, r) => m.set(r.instance, (m.get(r.instance) ?? 0) + (r.task ? 1 : 0)), new Map<string, number>());
    });
    if (typeof layout === "string") return verdict(SPREAD.id, SPREAD.title, false, `ECS ${layout}`, SPREAD_HINT, 1);
    layouts.push([...layout.values()].join(" + "));
  }
  const ok = layouts[0] === "2 + 2" && layouts[1] === "2 + 2 + 2 + 2";
  return verdict(SPREAD.id, SPREAD.title, ok, `4 tasks on 2 instances in one zone went ${layouts[0]}; 8 tasks on 4 instances went ${layouts[1]}${ok ? ": even, as asked." : "; both should be even."}`, SPREAD_HINT, 2);
}

const MEMBER = { id: "08-member-of", title: "Only m5 instances in zones a and b" };

/** Every combination the memberOf exercise is checked on: instance types × zones × a custom attribute. */
function subjects(): QuerySubject[] {
  const all: QuerySubject[] = [];
  for (const type of ["t3.micro", "t3.medium", "m5.large", "m5.xlarge", "c5.large"]) {
    for (const zone of ["us-east-1a", "us-east-1b", "us-east-1c"]) {
      for (const stack of ["prod", "test"]) {
        all.push({ attributes: new Map([["ecs.instance-type", type], ["ecs.availability-zone", zone], ["stack", stack]]), ec2InstanceId: "i-0", agentConnected: true, agentVersion: "1", registeredAt: 0, runningTasksCount: 0, taskGroups: new Set() });
      }
    }
  }
  return all;
}

async function checkMemberOf(answer: unknown): Promise<CheckResult> {
  const hint = "Combine two conditions with and: one on attribute:ecs.instance-type (=~ takes a * wildcard), one on attribute:ecs.availability-zone (in [...] takes a list).";
  const expression = String(await answerValue(answer));
  let query: (s: QuerySubject) => boolean;
  try {
    query = parseClusterQuery(expression);
  } catch (error) {
    return (verdict(MEMBER.id, MEMBER.title, false, `ECS would refuse the expression: ${(error as Error).message}`, hint, 1));
  }
  const all = subjects();
  for (const s of all) {
    const type = s.attributes.get("ecs.instance-type") ?? "";
    const zone = s.attributes.get("ecs.availability-zone") ?? "";
    const expected = type.startsWith("m5.") && (zone === "us-east-1a" || zone === "us-east-1b");
    if (query(s) !== expected) {
      const described = `${type} in ${zone}, stack=${s.attributes.get("stack")}`;
      return ({ ...verdict(MEMBER.id, MEMBER.title, false, "Your expression picks the wrong instances:", hint, all.length), counterexample: { input: described, expected: expected ? "placed here" : "kept off", actual: expected ? "kept off" : "placed here" } });
    }
  }
  return (verdict(MEMBER.id, MEMBER.title, true, `Your expression keeps tasks on exactly the right instances, on all ${all.length} kinds checked.`, hint, all.length));
}

export const ecsSchedulingExercises: Exercise[] = [
  {
    id: "08-binpack-next",
    title: "Where does binpack put the next task?",
    check: (answer) =>
      compareWithReference<[FreeCapacity[], { cpu: number; memory: number }], string | null>({
        exercise: "08-binpack-next",
        title: "Where does binpack put the next task?",
        learner: asFunction(answer, "binpackChoice"),
        reference: binpackChoice,
        inputs: (fc) =>
          fc.tuple(
            // Distinct free memory, so binpack has exactly one answer (ECS breaks ties at random).
            fc.uniqueArray(fc.integer({ min: 0, max: 64 }).map((n) => n * 128), { minLength: 1, maxLength: 6 }).chain((memories) =>
              fc.tuple(...memories.map((m, i) => fc.integer({ min: 0, max: 8 }).map((c) => ({ id: `i-${i + 1}`, remainingCpu: c * 256, remainingMemory: m })))),
            ),
            fc.record({ cpu: fc.constantFrom(0, 256, 512), memory: fc.constantFrom(128, 512, 1024, 2048) }),
          ),
        hint: "Could the instance you chose really take this task? Binpack only considers instances with room for both the task's CPU and its memory; among those, it keeps the fewest instances in use (see How ECS picks an instance). When no instance has room, there is no place.",
      }),
  },
  { ...SPREAD, check: checkTwoByTwo },
  { ...MEMBER, check: checkMemberOf },
];
