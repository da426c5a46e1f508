// Exercises of notebook 10-fargate-vs-ec2: a Fargate task's bill, how many EC2 instances a service
// needs (the reference places the tasks with ECS's own binpack), and from how many tasks EC2 is cheaper.
import { fargateCost } from "../../pricing/calculators.js";
import type { InstanceType } from "../../pricing/price-tables.js";
import { simulateEcs } from "../../sim/ecs-sim.js";
import { ec2CheaperFrom, tasksPerInstance } from "../../sim/fleet-cost.js";
import type { Exercise } from "../exercise-registry.js";
import { comparisonExercise as exercise } from "./comparison-exercise.js";

const INSTANCE_TYPES: InstanceType[] = ["t3.medium", "m5.large", "m5.xlarge", "c5.large", "r5.4xlarge"];
/** Fargate sizes as [CPU units, MiB], from Fargate's table. */
const FARGATE_SIZES: [number, number][] = [[256, 512], [256, 1024], [256, 2048], [512, 1024], [512, 2048], [512, 4096], [1024, 2048], [1024, 4096], [1024, 8192], [2048, 4096], [2048, 8192]];

const closeEnough = (actual: unknown, expected: unknown): boolean =>
  typeof actual === "number" && typeof expected === "number" && Math.abs(actual - expected) <= Math.max(1e-9, Math.abs(expected) * 1e-6);

/** Instances that end up running at least one task when ECS binpacks `tasks` of a size on a cluster of that type. */
function instancesUsed(tasks: number, cpu: number, memory: number, instanceType: InstanceType): number {
  const run = simulateEcs({
    instances: { count: tasks, instanceType },
    services: [{ name: "service", desiredCount: tasks, cpu, memory, placementStrategy: [{ type: "binpack", field: "memory" }] }],
    durationMs: 1000,
  });
  return run.tasksPerInstance.filter((row) => row.tasks > 0).reduce((sum, row) => sum + row.instances, 0);
}

export const fargateVsEc2Exercises: Exercise[] = [
  exercise<[number, number, number], number>("10-fargate-bill", "What one Fargate task costs", "fargateTaskCost", {
    reference: (vcpu, memoryGB, seconds) => fargateCost({ vcpu, memoryGB, durationSeconds: seconds }).total,
    inputs: (fc) =>
      fc.tuple(
        fc.constantFrom(...FARGATE_SIZES),
        // Short runs matter most: that is where the minimum bites.
        fc.oneof(fc.double({ min: 0, max: 120, noNaN: true }), fc.double({ min: 0, max: 86_400, noNaN: true })).map((s) => Math.round(s * 10) / 10),
      ).map(([[cpu, memory], seconds]) => [cpu / 1024, memory / 1024, seconds] as [number, number, number]),
    equals: closeEnough,
    hint: "Fargate bills vCPU-hours and GB-hours (FARGATE's prices) by the second — but how does it round a run time, and is there a least it bills for any task? Per second, with a minimum, above, shows both.",
  }),
  exercise<[number, number, number, InstanceType], number>("10-instances-needed", "How many instances does the service need?", "instancesNeeded", {
    reference: instancesUsed,
    inputs: (fc) =>
      fc
        .tuple(fc.integer({ min: 1, max: 60 }), fc.constantFrom(256, 512, 1024, 2048), fc.constantFrom(256, 512, 1024, 2048, 4096), fc.constantFrom(...INSTANCE_TYPES))
        .filter(([, cpu, memory, type]) => tasksPerInstance(type, cpu, memory) > 0),
    hint: "An instance registers its vCPUs × 1024 CPU units and its memory less 256 MiB kept for the agent. Count how many tasks fit by CPU and by memory — the smaller wins — then how many full-or-partly-full instances the tasks need.",
  }),
  exercise<[number, number, InstanceType], number | null>("10-ec2-cheaper-from", "From how many tasks is EC2 cheaper?", "ec2CheaperFrom", {
    reference: ec2CheaperFrom,
    inputs: (fc) => fc.tuple(fc.constantFrom(...FARGATE_SIZES), fc.constantFrom(...INSTANCE_TYPES)).map(([[cpu, memory], type]) => [cpu, memory, type] as [number, number, InstanceType]),
    hint: "With n tasks on one instance you pay the whole instance's month; on Fargate you pay n tasks' months. Try n = 1, 2, … up to what one instance can hold; if even a full instance costs more than its tasks on Fargate, the answer is null.",
  }),
];
