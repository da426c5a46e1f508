// a2-layout (predict): how many tasks each instance of a cluster ends up with when a service binpacks on
// memory, or spreads over instances. The scheduler itself is the oracle: the same placeTasks that runs
// ECS services places the tasks on a cluster of real instance models.
import { createVirtualClock } from "../../../core/clock.js";
import { createRandom } from "../../../core/random.js";
import { ClusterStore } from "../../../ecs/clusters/cluster-store.js";
import { INSTANCE_TYPES } from "../../../ecs/clusters/instance-types.js";
import type { PlacementStrategy } from "../../../ecs/ecs-types.js";
import { checkConstraints, checkStrategies, placeTasks } from "../../../ecs/placement/place-tasks.js";
import { generalThenYoursExercise } from "../general-then-yours.js";

type Strategy = "binpack" | "spread";
type Args = [instanceType: string, instances: number, cpu: number, memory: number, count: number, strategy: Strategy];

const HINT =
  "An instance registers registeredResources(type): a task fits while both its CPU and its memory remain. Binpack on memory keeps choosing the instance with the least memory left that still fits the task; spread on instanceId keeps choosing an instance with the fewest of the service's tasks. Tasks that fit nowhere are not placed.";
const STRATEGIES: Record<Strategy, PlacementStrategy> = { binpack: { type: "binpack", field: "memory" }, spread: { type: "spread", field: "instanceId" } };

/** Per student: a cluster and a service to place on it. */
const PARAMETERS = {
  instanceType: ["t3.medium", "m5.large", "c5.large", "m5.xlarge"],
  instances: [3, 4, 5],
  cpu: [256, 512, 1024],
  memory: [512, 1024, 1536, 2048],
  count: [9, 12, 14],
};

/** Tasks per instance, most first, after the scheduler places `count` tasks on `instances` empty instances. */
export function scheduledLayout(...[instanceType, instances, cpu, memory, count, strategy]: Args): number[] {
  const store = new ClusterStore(createVirtualClock(), createRandom(1), "000000000000");
  store.create("layout");
  const models = store.launch({ cluster: "layout", instanceType, count: instances }).map((i) => i.model);
  const group = "service:web";
  placeTasks({ instances: models, demand: { cpu, memory, ports: [], group }, count, strategies: checkStrategies([STRATEGIES[strategy]]), constraints: checkConstraints([]), random: createRandom(1) });
  return models.map((m) => m.groupCounts.get(group) ?? 0).sort((a, b) => b - a);
}

export const layoutExercise = generalThenYoursExercise<Args, number[], { binpack: number[]; spread: number[] }>({
  id: "a2-layout",
  title: "Binpack or spread: where do the tasks go?",
  hint: HINT,
  parameters: PARAMETERS,
  general: "layout",
  own: "yourLayout",
  reference: scheduledLayout,
  inputs: (fc) =>
    fc.tuple(
      fc.constantFrom(...INSTANCE_TYPES),
      fc.integer({ min: 1, max: 6 }),
      fc.constantFrom(128, 256, 512, 1024, 2048),
      fc.constantFrom(128, 256, 512, 1024, 2048, 4096),
      fc.integer({ min: 0, max: 40 }),
      fc.constantFrom<Strategy>("binpack", "spread"),
    ),
  runs: 150,
  mine: (values) => {
    const { instanceType, instances, cpu, memory, count } = values as { instanceType: string; instances: number; cpu: number; memory: number; count: number };
    const yours = (strategy: Strategy): Args => [instanceType, instances, cpu, memory, count, strategy];
    return {
      examples: [yours("binpack"), yours("spread")],
      expected: () => ({ binpack: scheduledLayout(...yours("binpack")), spread: scheduledLayout(...yours("spread")) }),
      describe: `your cluster: ${instances} × ${instanceType}, ${count} tasks of ${cpu} CPU units and ${memory} MiB`,
    };
  },
});
