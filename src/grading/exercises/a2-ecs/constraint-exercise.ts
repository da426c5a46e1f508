// a2-constraint (build): the placement constraints that keep a service on exactly the instances a
// student's rule allows, at most one task each. Checked by placing the service with the scheduler, on
// generated clusters, with the learner's constraints and with the rule's own, and comparing where the
// tasks went.
import { createVirtualClock } from "../../../core/clock.js";
import { createRandom } from "../../../core/random.js";
import { ClusterStore } from "../../../ecs/clusters/cluster-store.js";
import { INSTANCE_TYPES } from "../../../ecs/clusters/instance-types.js";
import type { PlacementConstraint } from "../../../ecs/ecs-types.js";
import { checkConstraints, placeTasks } from "../../../ecs/placement/place-tasks.js";
import { verdict } from "../../check-result.js";
import { compareWithReference } from "../../compare-with-reference.js";
import type { Exercise } from "../../exercise-registry.js";
import { describeRefusal } from "../ecs-sandbox.js";
import { readStudentAnswer } from "../student-answer.js";

/** One instance of a generated cluster: its type, zone and custom `stack` attribute (if any). */
interface InstanceSpec {
  type: string;
  zone: string;
  stack?: string;
}

const ID = "a2-constraint";
const TITLE = "Constraints that place a service by your rule";
const HINT =
  "A memberOf constraint holds one cluster query expression: join conditions with and; =~ compares with a * wildcard, in [...] with a list, and != is also true for an instance that has no such attribute. \"At most one task per instance\" is not an expression: it is a constraint type of its own.";
const ZONES = ["us-east-1a", "us-east-1b", "us-east-1c"];

/** Per student: the instance family, the two zones, and the stack to keep away from. */
const PARAMETERS = {
  family: ["m5", "c5", "t3"],
  zones: ["us-east-1a,us-east-1b", "us-east-1a,us-east-1c", "us-east-1b,us-east-1c"],
  avoidStack: ["test", "staging"],
};

/** The constraints that say a student's rule, in ECS's own words. */
function ruleConstraints(family: string, zones: string, avoidStack: string): PlacementConstraint[] {
  const expression = `attribute:ecs.instance-type =~ ${family}.* and attribute:ecs.availability-zone in [${zones.split(",").join(", ")}] and attribute:stack != ${avoidStack}`;
  return [{ type: "memberOf", expression }, { type: "distinctInstance" }];
}

/** Tasks per instance, in the cluster's order, when a service asks for two more tasks than there are instances. */
function placed(cluster: InstanceSpec[], constraints: PlacementConstraint[]): number[] {
  const store = new ClusterStore(createVirtualClock(), createRandom(1), "000000000000");
  store.create("rule");
  const models = cluster.flatMap((i) => store.launch({ cluster: "rule", instanceType: i.type, availabilityZone: i.zone, ...(i.stack ? { attributes: { stack: i.stack } } : {}) }).map((r) => r.model));
  const group = "service:web";
  placeTasks({ instances: models, demand: { cpu: 128, memory: 128, ports: [], group }, count: cluster.length + 2, strategies: [], constraints: checkConstraints(constraints), random: createRandom(7) });
  return models.map((m) => m.groupCounts.get(group) ?? 0);
}

export const constraintExercise: Exercise = {
  id: ID,
  title: TITLE,
  parameters: PARAMETERS,
  check: async (answer) => {
    const a = readStudentAnswer(ID, PARAMETERS, answer, ["placementConstraints"]);
    const { family, zones, avoidStack } = a.mine as { family: string; zones: string; avoidStack: string };
    const given = (await a.value("placementConstraints")) as PlacementConstraint[];
    try {
      checkConstraints(given);
    } catch (error) {
      return verdict(ID, TITLE, false, `ECS would refuse these constraints: ${describeRefusal(error)}`, HINT, 1);
    }
    const rule = ruleConstraints(family, zones, avoidStack);
    const result = await compareWithReference<[InstanceSpec[]], number[]>({
      exercise: ID,
      title: TITLE,
      learner: (cluster) => placed(cluster, given),
      reference: (cluster) => placed(cluster, rule),
      inputs: (fc) =>
        fc.tuple(
          fc.array(fc.record({ type: fc.constantFrom(...INSTANCE_TYPES), zone: fc.constantFrom(...ZONES), stack: fc.constantFrom("prod", "test", "staging") }, { requiredKeys: ["type", "zone"] }), { minLength: 1, maxLength: 8 }),
        ),
      hint: HINT,
      runs: a.runs ?? 200,
      ...(a.seed !== undefined ? { seed: a.seed } : {}),
    });
    return result.passed
      ? { ...result, message: `${result.message} On every cluster your constraints put the tasks exactly where the rule allows.` }
      : { ...result, message: "On this cluster, your constraints and the rule place the service's tasks differently (tasks per instance, in order):" };
  },
};
