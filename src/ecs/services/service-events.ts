import type { Failure } from "../ecs-types.js";

// The service event messages ECS writes, so what a learner reads here is what the console shows.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages-list.html

const short = (arn: string): string => arn.split("/").pop() ?? arn;

/** "(service web) has started 2 tasks: (task 1a2b…) (task 3c4d…)." */
export function startedTasks(service: string, taskArns: string[]): string {
  return `(service ${service}) has started ${taskArns.length} tasks: ${taskArns.map((a) => `(task ${short(a)})`).join(" ")}.`;
}

/** "(service web) has stopped 1 running tasks: (task 1a2b…)." */
export function stoppedTasks(service: string, taskArns: string[]): string {
  return `(service ${service}) has stopped ${taskArns.length} running tasks: ${taskArns.map((a) => `(task ${short(a)})`).join(" ")}.`;
}

/** "(service web) has reached a steady state." */
export function steadyState(service: string): string {
  return `(service ${service}) has reached a steady state.`;
}

/** "(service web) (deployment ecs-svc/…) deployment completed." */
export function deploymentCompleted(service: string, deploymentId: string): string {
  return `(service ${service}) (deployment ${deploymentId}) deployment completed.`;
}

/** "(service web) (deployment ecs-svc/…) deployment failed: tasks failed to start." */
export function deploymentFailed(service: string, deploymentId: string): string {
  return `(service ${service}) (deployment ${deploymentId}) deployment failed: tasks failed to start.`;
}

/** "(service web) rolling back to deployment ecs-svc/…." */
export function rollingBack(service: string, deploymentId: string): string {
  return `(service ${service}) rolling back to deployment ${deploymentId}.`;
}

/** "(service web) (task …) failed container health checks." */
export function failedHealthChecks(service: string, taskArn: string): string {
  return `(service ${service}) (task ${short(taskArn)}) failed container health checks.`;
}

const SHORTFALL: Record<string, string> = {
  "RESOURCE:CPU": "has insufficient CPU units available",
  "RESOURCE:MEMORY": "has insufficient memory available",
  "RESOURCE:PORTS": "is already using a port required by your task",
  DistinctInstance: "is already running a task of this service (distinctInstance)",
  MemberOf: "does not match the memberOf placement constraint",
};

/** "(service web) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance …) has insufficient memory available. …" */
export function unableToPlace(service: string, failures: Failure[]): string {
  const closest = failures.find((f) => f.reason?.startsWith("RESOURCE:")) ?? failures[0];
  const detail = closest?.arn ? ` The closest matching (container-instance ${short(closest.arn)}) ${SHORTFALL[closest.reason ?? ""] ?? `was rejected (${closest.reason})`}.` : "";
  return `(service ${service}) was unable to place a task because no container instance met all of its requirements.${detail} For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.`;
}
