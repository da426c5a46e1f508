// a2-fleet-cost (predict): a month of always-on tasks on Fargate against EC2 instances packed full,
// checked against the pricing module on generated workloads, then the student's own workload.
import { FARGATE_TASK_SIZES } from "../../../ecs/task-definitions/fargate-sizes.js";
import type { InstanceType } from "../../../pricing/price-tables.js";
import { monthlyFleetCost, tasksPerInstance } from "../../../sim/fleet-cost.js";
import { generalThenYoursExercise } from "../general-then-yours.js";

type Args = [tasks: number, cpu: number, memory: number, instanceType: InstanceType];
type Costs = { fargate: number; ec2: number };

const HINT =
  "A month is 730 hours. Fargate bills every task's vCPU and GB for the whole month. EC2 bills whole instances, however full: work out how many tasks fit on one (registeredResources), then how many instances the tasks need.";
const INSTANCE_TYPES: InstanceType[] = ["t3.medium", "m5.large", "m5.xlarge", "c5.large", "r5.4xlarge"];
/** Fargate's sizes up to 2 vCPU, as [CPU units, MiB]: bigger ones fit on few of these instance types. */
const SIZES = [...FARGATE_TASK_SIZES].filter(([cpu]) => cpu <= 2048).flatMap(([cpu, memories]) => memories.map((m) => [cpu, m] as const));

/** Per student: a service of always-on tasks and the instance type an EC2 cluster would use. */
const PARAMETERS = {
  tasks: [4, 9, 16, 30],
  // "cpu/memory" (CPU units/MiB): sizes Fargate offers that fit on every instance type below.
  taskSize: ["256/512", "256/1024", "512/1024", "512/2048", "1024/2048", "1024/3072"],
  instanceType: ["t3.medium", "m5.large", "m5.xlarge", "c5.large"],
};

const costs = (...args: Args): Costs => {
  const { fargate, ec2 } = monthlyFleetCost(...args);
  return { fargate, ec2 };
};

const close = (a: number, b: number): boolean => Math.abs(a - b) <= Math.max(1e-6, Math.abs(b) * 1e-6);
const sameCosts = (actual: Costs, expected: Costs): boolean => {
  const a = actual as Partial<Costs> | null;
  return typeof a?.fargate === "number" && typeof a.ec2 === "number" && close(a.fargate, expected.fargate) && close(a.ec2, expected.ec2);
};

export const fleetCostExercise = generalThenYoursExercise<Args, Costs, "EC2" | "FARGATE">({
  id: "a2-fleet-cost",
  title: "A month on Fargate or on EC2",
  hint: HINT,
  parameters: PARAMETERS,
  general: "monthlyCosts",
  own: "yourCheaper",
  reference: costs,
  inputs: (fc) =>
    fc
      .tuple(fc.integer({ min: 1, max: 60 }), fc.constantFrom(...SIZES), fc.constantFrom(...INSTANCE_TYPES))
      .map(([tasks, [c, m], type]): Args => [tasks, c, m, type])
      .filter(([, c, m, type]) => tasksPerInstance(type, c, m) > 0),
  equals: sameCosts,
  runs: 150,
  mine: (values) => {
    const [cpu, memory] = String(values["taskSize"]).split("/").map(Number) as [number, number];
    const mine: Args = [values["tasks"] as number, cpu, memory, values["instanceType"] as InstanceType];
    return {
      examples: [mine],
      expected: () => {
        const { fargate, ec2 } = costs(...mine);
        return ec2 < fargate ? "EC2" : "FARGATE";
      },
      describe: `your service: ${mine[0]} tasks of ${mine[1]} CPU units and ${mine[2]} MiB; EC2 on ${mine[3]}`,
    };
  },
});
