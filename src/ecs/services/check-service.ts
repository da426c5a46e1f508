import type { CreateServiceRequest, DeploymentConfiguration } from "../ecs-types.js";
import { invalidParameter } from "../ecs-errors.js";

const SERVICE_NAME = /^[a-zA-Z0-9_-]{1,255}$/;

/** How far a rollout may go above and below the desired count, and whether the circuit breaker is on. */
export interface DeploymentSettings {
  minimumHealthyPercent: number;
  maximumPercent: number;
  circuitBreaker: { enable: boolean; rollback: boolean };
}

/** Checked deployment settings with ECS's defaults: 100%/200% for REPLICA, 0%/100% for DAEMON. */
export function deploymentSettings(config: DeploymentConfiguration | undefined, daemon: boolean): DeploymentSettings {
  const min = config?.minimumHealthyPercent ?? (daemon ? 0 : 100);
  const max = config?.maximumPercent ?? (daemon ? 100 : 200);
  if (!Number.isInteger(min) || min < 0 || min > 100) {
    throw invalidParameter(`deploymentConfiguration.minimumHealthyPercent must be a whole number from 0 to 100; got ${JSON.stringify(min)}.`, "deploymentConfiguration.minimumHealthyPercent");
  }
  if (!Number.isInteger(max) || max < 100 || max > 2000) {
    throw invalidParameter(`deploymentConfiguration.maximumPercent must be a whole number from 100 to 2000; got ${JSON.stringify(max)}.`, "deploymentConfiguration.maximumPercent");
  }
  if (daemon && max !== 100) throw invalidParameter("A DAEMON service runs one task per instance, so its maximumPercent must stay 100.", "deploymentConfiguration.maximumPercent");
  const breaker = config?.deploymentCircuitBreaker;
  return { minimumHealthyPercent: min, maximumPercent: max, circuitBreaker: { enable: breaker?.enable ?? false, rollback: breaker?.rollback ?? false } };
}

/** The checks CreateService makes, with ECS's wording where it has one. */
export function checkCreateService(request: CreateServiceRequest): void {
  if (typeof request?.serviceName !== "string" || !SERVICE_NAME.test(request.serviceName)) {
    throw invalidParameter(`Invalid serviceName ${JSON.stringify(request?.serviceName)}. Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed.`, "serviceName");
  }
  if (typeof request.taskDefinition !== "string") throw invalidParameter("taskDefinition is required: give family, family:revision or the ARN.", "taskDefinition");
  const daemon = request.schedulingStrategy === "DAEMON";
  if (request.schedulingStrategy !== undefined && !daemon && request.schedulingStrategy !== "REPLICA") {
    throw invalidParameter(`schedulingStrategy must be "REPLICA" or "DAEMON"; got ${JSON.stringify(request.schedulingStrategy)}.`, "schedulingStrategy");
  }
  if (daemon) {
    if (request.desiredCount !== undefined) throw invalidParameter("A DAEMON service runs one task on every instance: leave desiredCount out.", "desiredCount");
    if (request.placementStrategy?.length) throw invalidParameter("Placement strategies are not supported with the DAEMON scheduling strategy.", "placementStrategy");
    if (request.launchType === "FARGATE") throw invalidParameter("The DAEMON scheduling strategy does not support the Fargate launch type.", "schedulingStrategy");
  } else if (!Number.isInteger(request.desiredCount) || (request.desiredCount ?? -1) < 0) {
    throw invalidParameter(`desiredCount must be a whole number of 0 or more; got ${JSON.stringify(request.desiredCount)}.`, "desiredCount");
  }
  if (request.launchType !== undefined && request.launchType !== "EC2" && request.launchType !== "FARGATE") {
    throw invalidParameter(`launchType must be "EC2" or "FARGATE"; got ${JSON.stringify(request.launchType)}.`, "launchType");
  }
  if (request.launchType === "FARGATE" && (request.placementStrategy?.length || request.placementConstraints?.length)) {
    throw invalidParameter("Task placement strategies and constraints are not supported for services using the Fargate launch type.", request.placementStrategy?.length ? "placementStrategy" : "placementConstraints");
  }
  deploymentSettings(request.deploymentConfiguration, daemon);
  if (request.healthCheckGracePeriodSeconds !== undefined && !(Number.isInteger(request.healthCheckGracePeriodSeconds) && request.healthCheckGracePeriodSeconds >= 0 && request.healthCheckGracePeriodSeconds <= 2147483647)) {
    throw invalidParameter("healthCheckGracePeriodSeconds must be a whole number of seconds, 0 or more.", "healthCheckGracePeriodSeconds");
  }
}
