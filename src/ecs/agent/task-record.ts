import type { ContainerEngine, LogLine } from "../../engines/types.js";
import type { ClusterRecord } from "../clusters/cluster-store.js";
import type { InstanceRecord } from "../clusters/container-instance.js";
import type { Container, ContainerDefinition, Task, TaskDefinition } from "../ecs-types.js";
import type { TaskDemand } from "../placement/instance-model.js";
import type { HealthStatus } from "./health-monitor.js";

/** One container of a running task, as the agent tracks it. */
export interface ContainerRun {
  definition: ContainerDefinition;
  /** The engine's container id once created. */
  engineId: string | undefined;
  /** What DescribeTasks shows for it. */
  container: Container;
  stopHealth: (() => void) | undefined;
  /** What it printed, kept after the engine's container is removed. */
  logs: LogLine[];
}

/** A task as minicloud keeps it: ECS's Task plus what the agent needs to run and stop it. */
export interface TaskRecord {
  task: Task;
  definition: TaskDefinition;
  cluster: ClusterRecord;
  /** The engine that runs its containers: its instance's own, when the instance is a whole Docker host. */
  engine: ContainerEngine;
  /** The container instance it runs on (EC2 launch type). */
  instance: InstanceRecord | undefined;
  demand: TaskDemand;
  /** The address its ports are reached at: the instance's, or the task's own in awsvpc mode. */
  address: string;
  /** Where the engine publishes them: the address itself, or 0.0.0.0 on a Docker host reached over the network. */
  publishIp: string;
  containers: Map<string, ContainerRun>;
  network: string | undefined;
  /** The agent starting the task; stopping waits for it so no container is created after the stop. */
  starting: Promise<void> | undefined;
  /** True once a stopped task's resources went back to its instance. */
  released: boolean;
  /** Set once stopping has begun; resolves when the task is STOPPED. */
  stopped: Promise<void> | undefined;
  /** Each lastStatus the task went through, with when (epoch ms): the data of a deployment timeline. */
  history: { status: string; at: number }[];
  /** Called on every change of state, health or a container's status. */
  onChange: () => void;
}

/** True once the task has been told to stop (its desired status is STOPPED). */
export function stopRequested(record: TaskRecord): boolean {
  return record.task.desiredStatus === "STOPPED";
}

/** The short id in a task ARN (`arn:…:task/<cluster>/<id>`). */
export function taskId(record: TaskRecord): string {
  return (record.task.taskArn ?? "").split("/").pop() ?? "";
}

/** The essential containers that have a health check: the ones a task's health is made of. */
export function checkedContainers(record: TaskRecord): ContainerRun[] {
  return [...record.containers.values()].filter((c) => c.definition.essential && c.definition.healthCheck);
}

/** The task's health: UNHEALTHY if an essential container is, HEALTHY when every essential container with a check is. */
export function taskHealth(record: TaskRecord): HealthStatus {
  const checked = checkedContainers(record);
  if (checked.length === 0) return "UNKNOWN";
  if (checked.some((c) => c.container.healthStatus === "UNHEALTHY")) return "UNHEALTHY";
  return checked.every((c) => c.container.healthStatus === "HEALTHY") ? "HEALTHY" : "UNKNOWN";
}
