import { MinicloudError } from "../core/errors.js";
import { registeredResources } from "../ecs/clusters/instance-types.js";
import { isFargateSize } from "../ecs/task-definitions/fargate-sizes.js";
import { ec2Cost, fargateCost, HOURS_PER_MONTH } from "../pricing/calculators.js";
import type { Crossing, CurvePoint } from "../pricing/cost-curves.js";
import type { InstanceType } from "../pricing/price-tables.js";

/**
 * How many tasks of `cpu` CPU units and `memory` MiB fit on one container instance of a type: the
 * instance's registered CPU and memory (memory less what ECS keeps for the agent and the OS), divided
 * by the task's, whichever runs out first.
 */
export function tasksPerInstance(instanceType: InstanceType, cpu: number, memory: number): number {
  const registered = registeredResources(instanceType);
  if (!(Number.isInteger(memory) && memory > 0)) throw new MinicloudError("InvalidParameterValueException", `memory must be a whole number of MiB above 0; got ${memory}.`, { field: "memory" });
  if (!(Number.isInteger(cpu) && cpu >= 0)) throw new MinicloudError("InvalidParameterValueException", `cpu must be a whole number of CPU units (1024 = 1 vCPU); got ${cpu}.`, { field: "cpu" });
  return Math.min(cpu === 0 ? Infinity : Math.floor(registered.cpu / cpu), Math.floor(registered.memory / memory));
}

/** A month of `tasks` always-on tasks on each launch type, in dollars. */
export function monthlyFleetCost(tasks: number, cpu: number, memory: number, instanceType: InstanceType): { fargate: number; ec2: number; instances: number } {
  if (!isFargateSize(cpu, memory)) {
    throw new MinicloudError("InvalidParameterValueException", `${cpu} CPU units with ${memory} MiB is not a Fargate task size (e.g. 256 with 512, 1024 with 2048).`, { field: "cpu" });
  }
  const perInstance = tasksPerInstance(instanceType, cpu, memory);
  if (perInstance === 0) {
    throw new MinicloudError("InvalidParameterValueException", `A task of ${cpu} CPU units and ${memory} MiB does not fit on a ${instanceType} at all; pick a bigger instance type.`, { field: "instanceType" });
  }
  const instances = Math.ceil(tasks / perInstance);
  return {
    fargate: fargateCost({ vcpu: cpu / 1024, memoryGB: memory / 1024, durationSeconds: HOURS_PER_MONTH * 3600, tasks }).total,
    ec2: instances === 0 ? 0 : ec2Cost({ instanceType, hours: HOURS_PER_MONTH, count: instances }).total,
    instances,
  };
}

/**
 * The smallest number of always-on tasks for which EC2 instances, packed full, cost less a month than
 * Fargate; null when EC2 never does (an instance costs more than the Fargate tasks it can hold).
 */
export function ec2CheaperFrom(cpu: number, memory: number, instanceType: InstanceType): number | null {
  const perInstance = tasksPerInstance(instanceType, cpu, memory);
  // Past one full instance the comparison repeats instance by instance, so the first one decides.
  for (let tasks = 1; tasks <= perInstance; tasks++) {
    const cost = monthlyFleetCost(tasks, cpu, memory, instanceType);
    if (cost.ec2 < cost.fargate) return tasks;
  }
  return null;
}

/**
 * Cost curves of a month of always-on tasks, from 1 to `maxTasks`: Fargate (a straight line: you pay
 * per task) against EC2 instances packed full (a staircase: you pay per instance, however full it is),
 * with the task count from which EC2 is cheaper marked.
 */
export function fargateVsEc2(options: { cpu: number; memory: number; instanceType: InstanceType; maxTasks?: number }): { points: CurvePoint[]; breakEvens: Crossing[]; tasksPerInstance: number } {
  const max = options.maxTasks ?? 64;
  if (!(Number.isInteger(max) && max >= 1 && max <= 10_000)) throw new MinicloudError("InvalidParameterValueException", `maxTasks must be a whole number from 1 to 10000; got ${max}.`, { field: "maxTasks" });
  const { cpu, memory, instanceType } = options;
  const names = { fargate: `Fargate (${cpu / 1024} vCPU, ${memory / 1024} GB per task)`, ec2: `EC2 ${instanceType} instances, packed full` };
  const points: CurvePoint[] = [];
  for (let tasks = 1; tasks <= max; tasks++) {
    const cost = monthlyFleetCost(tasks, cpu, memory, instanceType);
    points.push({ x: tasks, hosting: names.fargate, cost: cost.fargate }, { x: tasks, hosting: names.ec2, cost: cost.ec2 });
  }
  const from = ec2CheaperFrom(cpu, memory, instanceType);
  const breakEvens = from === null || from > max ? [] : [{ x: from, cost: monthlyFleetCost(from, cpu, memory, instanceType).ec2, label: `EC2 cheaper from ${from} tasks` }];
  return { points, breakEvens, tasksPerInstance: tasksPerInstance(instanceType, cpu, memory) };
}
