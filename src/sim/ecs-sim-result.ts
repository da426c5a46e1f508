import type { InstanceModel } from "../ecs/placement/instance-model.js";
import { table, type Displayable, type MimeBundle } from "../viz/mime-bundle.js";

/** One point of an ECS simulation's series. */
export interface EcsSimPoint {
  timeMs: number;
  /** Tasks RUNNING. */
  running: number;
  /** Tasks placed but not yet RUNNING, plus tasks the services could not place anywhere. */
  pending: number;
  /** Container instances in service (0 on Fargate). */
  instances: number;
  /** Failures injected so far (tasks and instances). */
  failures: number;
  /** What the run has cost so far: the instances on EC2, the tasks on Fargate. */
  cost: number;
}

/** What an ECS simulation found. */
export interface EcsSimResult extends Displayable {
  launchType: "EC2" | "FARGATE";
  series: EcsSimPoint[];
  /** How many instances ran how many tasks at the end (binpack leaves some empty, spread evens them out). */
  tasksPerInstance: { tasks: number; instances: number }[];
  taskFailures: number;
  instanceFailures: number;
  /** Tasks the services started, the first ones and every replacement. */
  tasksStarted: number;
  /** Dollars for the whole run. */
  cost: number;
}

/** Puts together the result of a run, with a summary table as its notebook face. */
export function ecsSimResult(run: {
  series: EcsSimPoint[];
  active: InstanceModel[];
  tasksStarted: number;
  taskFailures: number;
  instanceFailures: number;
  launchType: "EC2" | "FARGATE";
  instanceType: string;
  total: number;
}): EcsSimResult {
  const histogram = new Map<number, number>();
  for (const i of run.active) histogram.set(i.runningTasksCount, (histogram.get(i.runningTasksCount) ?? 0) + 1);
  const tasksPerInstance = [...histogram.entries()].sort(([a], [b]) => a - b).map(([tasks, instances]) => ({ tasks, instances }));
  const last = run.series[run.series.length - 1];
  const rows = [
    { measure: "launch type", value: run.launchType === "EC2" ? `EC2 (${run.instanceType})` : "FARGATE" },
    { measure: "tasks running at the end", value: String(last?.running ?? 0) },
    { measure: "container instances at the end", value: String(last?.instances ?? 0) },
    { measure: "task failures injected", value: String(run.taskFailures) },
    { measure: "instance failures injected", value: String(run.instanceFailures) },
    { measure: "tasks started, replacements included", value: String(run.tasksStarted) },
    { measure: "cost of the run", value: `$${run.total.toFixed(2)}` },
  ];
  return {
    launchType: run.launchType,
    series: run.series,
    tasksPerInstance,
    taskFailures: run.taskFailures,
    instanceFailures: run.instanceFailures,
    tasksStarted: run.tasksStarted,
    cost: run.total,
    toMimeBundle: (): MimeBundle => table(rows).toMimeBundle() as MimeBundle,
  };
}
