import type { ClusterRecord } from "../clusters/cluster-store.js";
import type { Deployment, Service, TaskDefinition } from "../ecs-types.js";
import type { DeploymentSettings } from "./check-service.js";

/** A deployment and the task definition it rolls out. */
export interface DeploymentRecord {
  deployment: Deployment;
  definition: TaskDefinition;
}

/** A service as minicloud keeps it. */
export interface ServiceRecord {
  service: Service;
  cluster: ClusterRecord;
  /** Newest (PRIMARY) first; older ones are ACTIVE until their tasks are gone. */
  deployments: DeploymentRecord[];
  settings: DeploymentSettings;
  /** The last deployment that completed: where a circuit breaker rolls back to. */
  lastCompleted: DeploymentRecord | undefined;
  /** Stopped tasks already counted as failures (by ARN). */
  countedFailures: Set<string>;
  /** Tasks that failed to start in a row: launches back off while it grows. */
  failuresInARow: number;
  /** True once "has reached a steady state" was said, until something changes. */
  steady: boolean;
  /** A reconcile is running / another was asked for meanwhile. */
  busy: boolean;
  again: boolean;
  /** No launches before this time (epoch ms): the back-off after failures. */
  launchNotBefore: number;
}

/** The service's task group: `service:<name>`. */
export function serviceGroup(record: ServiceRecord): string {
  return `service:${record.service.serviceName}`;
}
