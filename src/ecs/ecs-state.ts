import type { AwsAccess } from "../core/aws-access.js";
import type { Clock } from "../core/clock.js";
import type { Random } from "../core/random.js";
import type { ContainerEngine } from "../engines/types.js";
import type { TaskRecord } from "./agent/task-record.js";
import type { ClusterStore } from "./clusters/cluster-store.js";
import type { TaskDefinitionStore } from "./task-definitions/task-definition-store.js";

/** What the parts of minicloud's ECS share: the stores, the tasks, and who wants to hear of changes. */
export interface EcsState {
  engine: ContainerEngine;
  clock: Clock;
  random: Random;
  taskDefinitions: TaskDefinitionStore;
  clusters: ClusterStore;
  /** Every task of the session, by ARN, STOPPED ones included (ECS shows stopped tasks for a while). */
  tasks: Map<string, TaskRecord>;
  /** Called whenever a task changes state or health; the service scheduler listens. */
  taskListeners: Set<(record: TaskRecord) => void>;
  /** Hands out awsvpc task addresses. */
  nextEniAddress(): string;
  /** The session's AWS endpoint and credentials, for the SDK in a task's containers. */
  awsAccess?: () => Promise<AwsAccess>;
}

/** A fresh copy of an API object, so a caller changing it cannot change minicloud's state. */
export function copy<T>(value: T): T {
  return structuredClone(value);
}
