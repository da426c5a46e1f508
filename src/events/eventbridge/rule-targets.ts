import { ecsParametersProblem, runTaskRequest, type EcsParameters, type RunEcsTask } from "../schedules/ecs-target.js";
import type { Deliver } from "../targets.js";

/** A rule's target: a Lambda function, an SQS queue, an SNS topic or an ECS cluster, and what to send it. */
export interface Target {
  Id: string;
  Arn: string;
  /** JSON text to send instead of the event. */
  Input?: string;
  /** For an ECS cluster target: the task definition to run and how (a scheduled task). */
  EcsParameters?: EcsParameters;
  /** For a FIFO queue target: the message group its messages join. */
  SqsParameters?: { MessageGroupId: string };
  /** The role EventBridge uses to call RunTask (recorded, not enforced). */
  RoleArn?: string;
}

/** A PutTargets or RemoveTargets entry that failed, as EventBridge reports it. */
export interface FailedTargetEntry {
  TargetId: string;
  ErrorCode: string;
  ErrorMessage: string;
}

export const TARGET_ID = /^[.\-_A-Za-z0-9]{1,64}$/;
const TARGET_ARN = /^arn:aws:(lambda:[^:]+:\d{12}:function:[a-zA-Z0-9-_]+(:[a-zA-Z0-9$_-]+)?|sqs:[^:]+:\d{12}:[a-zA-Z0-9_-]{1,80}(\.fifo)?|sns:[^:]+:\d{12}:[a-zA-Z0-9_-]{1,256}|ecs:[^:]+:\d{12}:cluster\/[a-zA-Z0-9_-]{1,255})$/;

const isCluster = (targetArn: string): boolean => targetArn.startsWith("arn:aws:ecs:");
const isFifoQueue = (targetArn: string): boolean => targetArn.startsWith("arn:aws:sqs:") && targetArn.endsWith(".fifo");

function isJson(text: unknown): boolean {
  if (typeof text !== "string") return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Why EventBridge would refuse this target, or undefined when it takes it. */
export function targetProblem(target: Target, canRunTasks: boolean): string | undefined {
  if (typeof target?.Id !== "string" || !TARGET_ID.test(target.Id)) return `Id must be 1-64 letters, digits, '.', '-' or '_'; got ${String(target?.Id)}.`;
  if (typeof target.Arn !== "string" || !TARGET_ARN.test(target.Arn)) return `Arn must be a Lambda function's, SQS queue's, SNS topic's or ECS cluster's ARN; got ${String(target.Arn)}.`;
  if (isCluster(target.Arn)) {
    if (ecsParametersProblem(target.EcsParameters)) return ecsParametersProblem(target.EcsParameters);
    if (!canRunTasks) return "This EventBridge cannot run ECS tasks (it was created without an ECS to call).";
  }
  // A FIFO queue needs a message group for what it receives; EventBridge asks for it up front.
  if (isFifoQueue(target.Arn) && typeof target.SqsParameters?.MessageGroupId !== "string") {
    return `Parameter(s) SqsParameters must be specified for target: ${target.Id}. (A FIFO queue target needs SqsParameters: { MessageGroupId }.)`;
  }
  if (target.Input !== undefined && !isJson(target.Input)) return `Input must be valid JSON text; got ${String(target.Input).slice(0, 80)}.`;
  return undefined;
}

/** A copy of a target as the rule keeps it (later changes by the caller do not reach it). */
export function storedTarget(target: Target): Target {
  return {
    Id: target.Id,
    Arn: target.Arn,
    ...(target.Input !== undefined ? { Input: target.Input } : {}),
    ...(target.EcsParameters !== undefined ? { EcsParameters: structuredClone(target.EcsParameters) } : {}),
    ...(target.SqsParameters !== undefined ? { SqsParameters: { MessageGroupId: target.SqsParameters.MessageGroupId } } : {}),
    ...(target.RoleArn !== undefined ? { RoleArn: target.RoleArn } : {}),
  };
}

/**
 * Hands one event to one target: runs the ECS tasks, or delivers the event (or the target's Input) to the
 * function, queue or topic. For a FIFO queue the event id is the deduplication id, as EventBridge does when
 * the queue has no content-based deduplication. Resolves false when the target could not be reached.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-targets.html
 */
export async function sendToTarget(
  target: Target,
  event: { id: string; text: string },
  ruleName: string,
  services: { deliver: Deliver; runTask?: RunEcsTask },
): Promise<boolean> {
  if (isCluster(target.Arn) && target.EcsParameters) {
    return (await services.runTask?.(runTaskRequest(target.Arn, ruleName, target.EcsParameters))) ?? false;
  }
  const fifo = target.SqsParameters ? { messageGroupId: target.SqsParameters.MessageGroupId, deduplicationId: event.id } : {};
  return services.deliver(target.Arn, { body: target.Input ?? event.text, ...fifo });
}
