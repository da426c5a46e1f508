import type { QuerySubject } from "./cluster-query.js";

/**
 * The scheduler's view of a container instance: what it registered, what is left, and which tasks of
 * which groups it runs. Kept as plain numbers and sets so placing ten thousand tasks stays fast.
 */
export interface InstanceModel extends QuerySubject {
  /** The container instance ARN. */
  arn: string;
  /** The instance id, `instanceId` and `host` in spread strategies. */
  ec2InstanceId: string;
  status: "ACTIVE" | "DRAINING" | "INACTIVE";
  registeredCpu: number;
  registeredMemory: number;
  remainingCpu: number;
  remainingMemory: number;
  /** Host ports taken (TCP and UDP share the space here, a simplification). */
  usedPorts: Set<number>;
  /** Tasks per group on this instance (`service:web`, `family:batch`…). */
  groupCounts: Map<string, number>;
  attributes: Map<string, string | undefined>;
  taskGroups: Set<string>;
}

/** What one task needs from an instance. */
export interface TaskDemand {
  cpu: number;
  memory: number;
  /** Fixed host ports (dynamic ports, hostPort 0, need none). */
  ports: number[];
  /** The task group, e.g. `service:web` or `family:batch`. */
  group: string;
}

/** Takes a task's resources from an instance. */
export function reserve(instance: InstanceModel, demand: TaskDemand): void {
  instance.remainingCpu -= demand.cpu;
  instance.remainingMemory -= demand.memory;
  for (const port of demand.ports) instance.usedPorts.add(port);
  instance.groupCounts.set(demand.group, (instance.groupCounts.get(demand.group) ?? 0) + 1);
  instance.taskGroups.add(demand.group);
  instance.runningTasksCount += 1;
}

/** Gives a stopped task's resources back. */
export function release(instance: InstanceModel, demand: TaskDemand): void {
  instance.remainingCpu += demand.cpu;
  instance.remainingMemory += demand.memory;
  for (const port of demand.ports) instance.usedPorts.delete(port);
  const left = (instance.groupCounts.get(demand.group) ?? 1) - 1;
  if (left > 0) instance.groupCounts.set(demand.group, left);
  else {
    instance.groupCounts.delete(demand.group);
    instance.taskGroups.delete(demand.group);
  }
  instance.runningTasksCount -= 1;
}
