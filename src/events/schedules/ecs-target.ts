import type { RunTaskRequest } from "../../ecs/ecs-types.js";

// An EventBridge rule can run ECS tasks: the target's Arn is a cluster's and its EcsParameters say which
// task definition to run and how — ECS's "scheduled tasks". EventBridge calls RunTask for the rule,
// and the tasks it starts say so in startedBy.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/scheduled_tasks.html
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_EcsParameters.html

/** EcsParameters of an EventBridge target, in EventBridge's (PascalCase) names. */
export interface EcsParameters {
  TaskDefinitionArn: string;
  /** 1 to 10 (default 1). */
  TaskCount?: number;
  LaunchType?: "EC2" | "FARGATE";
  NetworkConfiguration?: { awsvpcConfiguration?: { Subnets: string[]; SecurityGroups?: string[]; AssignPublicIp?: "ENABLED" | "DISABLED" } };
  Group?: string;
  PlacementConstraints?: { type?: "distinctInstance" | "memberOf"; expression?: string }[];
  PlacementStrategy?: { type?: "binpack" | "spread" | "random"; field?: string }[];
}

/** How EventBridge runs tasks: given by the session, since events know nothing of ECS. */
export type RunEcsTask = (request: RunTaskRequest) => Promise<boolean>;

/** Why EcsParameters are wrong, or undefined when they are fine. */
export function ecsParametersProblem(p: EcsParameters | undefined): string | undefined {
  if (!p || typeof p.TaskDefinitionArn !== "string" || p.TaskDefinitionArn === "") return "An ECS cluster target needs EcsParameters with a TaskDefinitionArn.";
  if (p.TaskCount !== undefined && !(Number.isInteger(p.TaskCount) && p.TaskCount >= 1 && p.TaskCount <= 10)) return `EcsParameters.TaskCount must be a whole number from 1 to 10; got ${p.TaskCount}.`;
  if (p.LaunchType !== undefined && p.LaunchType !== "EC2" && p.LaunchType !== "FARGATE") return `EcsParameters.LaunchType must be EC2 or FARGATE; got ${String(p.LaunchType)}.`;
  return undefined;
}

/** The RunTask request EventBridge makes for a rule's ECS target. */
export function runTaskRequest(clusterArn: string, ruleName: string, p: EcsParameters): RunTaskRequest {
  const vpc = p.NetworkConfiguration?.awsvpcConfiguration;
  return {
    cluster: clusterArn,
    taskDefinition: p.TaskDefinitionArn,
    count: p.TaskCount ?? 1,
    startedBy: `events-rule/${ruleName}`.slice(0, 128).replace(/[^a-zA-Z0-9_/-]/g, "-"),
    ...(p.LaunchType ? { launchType: p.LaunchType } : {}),
    ...(vpc ? { networkConfiguration: { awsvpcConfiguration: { subnets: vpc.Subnets, ...(vpc.SecurityGroups ? { securityGroups: vpc.SecurityGroups } : {}), ...(vpc.AssignPublicIp ? { assignPublicIp: vpc.AssignPublicIp } : {}) } } } : {}),
    ...(p.Group ? { group: p.Group } : {}),
    ...(p.PlacementConstraints ? { placementConstraints: p.PlacementConstraints } : {}),
    ...(p.PlacementStrategy ? { placementStrategy: p.PlacementStrategy } : {}),
  };
}
