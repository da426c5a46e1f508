import type { EcsState } from "../ecs-state.js";
import type { ServiceEvent, TaskDefinition } from "../ecs-types.js";
import type { ServiceRecord } from "./service-record.js";

/** Adds an event to a service (newest first; ECS keeps the last 100). */
export function addEvent(state: EcsState, record: ServiceRecord, message: string): void {
  const event: ServiceEvent = { id: `${state.random.hex(8)}-${state.random.hex(4)}-${state.random.hex(4)}-${state.random.hex(4)}-${state.random.hex(12)}`, createdAt: new Date(state.clock.now()), message };
  record.service.events = [event, ...(record.service.events ?? [])].slice(0, 100);
}

/**
 * Starts a deployment of `definition`: it becomes PRIMARY, and the deployments before it become ACTIVE
 * (their tasks are replaced as the rollout goes). Deployment ids look like ECS's: `ecs-svc/` and 19 digits.
 */
export function newDeployment(state: EcsState, record: ServiceRecord, definition: TaskDefinition): void {
  const now = new Date(state.clock.now());
  for (const d of record.deployments) d.deployment.status = "ACTIVE";
  const digits = Array.from({ length: 19 }, (_, i) => (i === 0 ? 1 + Math.floor(state.random.next() * 9) : Math.floor(state.random.next() * 10))).join("");
  record.deployments.unshift({
    definition,
    deployment: {
      id: `ecs-svc/${digits}`,
      status: "PRIMARY",
      taskDefinition: definition.taskDefinitionArn,
      desiredCount: record.service.desiredCount ?? 0,
      pendingCount: 0,
      runningCount: 0,
      failedTasks: 0,
      createdAt: now,
      updatedAt: now,
      ...(record.service.launchType ? { launchType: record.service.launchType } : {}),
      ...(record.service.networkConfiguration ? { networkConfiguration: record.service.networkConfiguration } : {}),
      rolloutState: "IN_PROGRESS",
      rolloutStateReason: "ECS deployment " + `ecs-svc/${digits}` + " in progress.",
    },
  });
  record.service.taskDefinition = definition.taskDefinitionArn;
  record.service.deployments = record.deployments.map((d) => d.deployment);
  record.failuresInARow = 0;
  record.launchNotBefore = 0;
  record.steady = false;
}

/**
 * How many failed tasks stop a deployment when the circuit breaker is on: half the desired count,
 * at least 3 and at most 200.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html
 */
export function circuitBreakerThreshold(desiredCount: number): number {
  return Math.min(200, Math.max(3, Math.ceil(desiredCount * 0.5)));
}
