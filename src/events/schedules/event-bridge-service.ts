import { randomUUID } from "node:crypto";
import { ACCOUNT_ID, arn, region } from "../../core/arn.js";
import type { Clock, Timer } from "../../core/clock.js";
import { MinicloudError } from "../../core/errors.js";
import type { Deliver } from "../targets.js";
import { ecsParametersProblem, runTaskRequest, type EcsParameters, type RunEcsTask } from "./ecs-target.js";
import { nextFireTime, parseScheduleExpression, type ScheduleExpression } from "./schedule-expression.js";

/** PutRule's request (schedule rules on the default event bus), in AWS's names. */
export interface PutRuleRequest {
  Name: string;
  /** `rate(5 minutes)` or `cron(0 12 * * ? *)` (UTC). */
  ScheduleExpression: string;
  State?: "ENABLED" | "DISABLED";
  Description?: string;
  EventBusName?: "default";
}

/** A rule, as DescribeRule and ListRules describe it. */
export interface Rule {
  Name: string;
  Arn: string;
  ScheduleExpression: string;
  State: "ENABLED" | "DISABLED";
  Description?: string;
  EventBusName: "default";
}

/** A rule's target: a Lambda function (or an SQS queue or SNS topic) and, optionally, the JSON to send instead of the event. */
export interface Target {
  Id: string;
  Arn: string;
  Input?: string;
  /** For an ECS cluster target: the task definition to run and how (a scheduled task). */
  EcsParameters?: EcsParameters;
  /** The role EventBridge uses to call RunTask (recorded, not enforced). */
  RoleArn?: string;
}

/** An event a target could not be given (its function or queue was not there): EventBridge counts it as a FailedInvocation. */
export interface FailedInvocation {
  Rule: string;
  TargetId: string;
  time: string;
}

/** Options for {@link createEventBridge}. */
export interface EventBridgeOptions {
  clock: Clock;
  /** Hands an event to a target: a function is invoked asynchronously, a queue receives it, a topic publishes it. */
  deliver: Deliver;
  /** Runs ECS tasks for a cluster target; without it, cluster targets are refused. */
  runTask?: RunEcsTask;
}

const NAME = /^[.\-_A-Za-z0-9]{1,64}$/;
const TARGET_ARN = /^arn:aws:(lambda:[^:]+:\d{12}:function:[a-zA-Z0-9-_]+(:[a-zA-Z0-9$_-]+)?|sqs:[^:]+:\d{12}:[a-zA-Z0-9_-]{1,80}|sns:[^:]+:\d{12}:[a-zA-Z0-9_-]{1,256}|ecs:[^:]+:\d{12}:cluster\/[a-zA-Z0-9_-]{1,255})$/;
const isCluster = (targetArn: string): boolean => targetArn.startsWith("arn:aws:ecs:");
/** Long waits are taken a day at a time (a Node timer cannot wait more than 24.8 days). */
const LONGEST_TIMER_MS = 86_400_000;

function validation(field: string, message: string): MinicloudError {
  return new MinicloudError("ValidationException", message, { field, statusCode: 400 });
}

/**
 * The event a scheduled rule sends: "Scheduled Event" from `aws.events`, at the scheduled time (to the
 * second), naming the rule in `resources`.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html
 */
export function scheduledEvent(ruleArn: string, timeMs: number): Record<string, unknown> {
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": "Scheduled Event",
    source: "aws.events",
    account: ACCOUNT_ID,
    time: new Date(Math.floor(timeMs / 1000) * 1000).toISOString().replace(".000Z", "Z"),
    region: region(),
    resources: [ruleArn],
    detail: {},
  };
}

/**
 * minicloud's EventBridge (CloudWatch Events) for schedules: rules with `rate(...)` or `cron(...)`
 * expressions whose targets — Lambda functions, queues, topics — get a Scheduled Event each time the rule
 * fires. Rules fire on the session's clock: on a virtual clock as fast as time is advanced, in order; on
 * the wall clock by timers, all cancelled at shutdown. Event patterns are not modelled.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-rule-schedule.html
 */
export function createEventBridge(options: EventBridgeOptions) {
  const { clock } = options;
  const rules = new Map<string, { rule: Rule; schedule: ScheduleExpression; anchor: number; timer?: Timer; targets: Map<string, Target> }>();
  const failedInvocations: FailedInvocation[] = [];
  let stopped = false;

  const ruleOf = (name: string) => {
    const found = rules.get(name);
    if (!found) throw new MinicloudError("ResourceNotFoundException", `Rule ${name} does not exist on EventBus default.`, { field: "Name", statusCode: 400 });
    return found;
  };
  const checkBus = (bus: string | undefined): void => {
    if (bus !== undefined && bus !== "default") throw new MinicloudError("ResourceNotFoundException", `Event bus ${bus} does not exist (minicloud has the default bus).`, { field: "EventBusName", statusCode: 400 });
  };

  const fire = async (name: string, time: number): Promise<void> => {
    const entry = rules.get(name);
    if (!entry) return;
    const event = JSON.stringify(scheduledEvent(entry.rule.Arn, time));
    const targets = [...entry.targets.values()];
    arm(name, time);
    await Promise.all(
      targets.map(async (target) => {
        const delivered = isCluster(target.Arn) && target.EcsParameters
          ? await (options.runTask?.(runTaskRequest(target.Arn, name, target.EcsParameters)) ?? Promise.resolve(false))
          : await options.deliver(target.Arn, { body: target.Input ?? event });
        if (!delivered) {
          failedInvocations.push({ Rule: name, TargetId: target.Id, time: new Date(time).toISOString() });
        }
      }),
    );
  };

  /** Sets the rule's timer for its next firing after `after`. */
  const arm = (name: string, after: number): void => {
    const entry = rules.get(name);
    if (!entry) return;
    entry.timer?.cancel();
    delete entry.timer;
    if (stopped || entry.rule.State !== "ENABLED") return;
    const due = nextFireTime(entry.schedule, after, entry.anchor);
    if (due === undefined) return;
    const wait = (): void => {
      const left = due - clock.now();
      entry.timer = clock.setTimer(Math.min(left, LONGEST_TIMER_MS), () => (left > LONGEST_TIMER_MS ? wait() : void fire(name, due)));
    };
    wait();
  };

  return {
    /** Events that a target could not be given. */
    failedInvocations,

    /** PutRule: creates or updates a schedule rule; it fires from now on while ENABLED. */
    async putRule(request: PutRuleRequest & { EventPattern?: string }): Promise<{ RuleArn: string }> {
      checkBus(request.EventBusName);
      if (typeof request.Name !== "string" || !NAME.test(request.Name)) throw validation("Name", `Name must be 1-64 letters, digits, '.', '-' or '_'; got ${String(request.Name)}.`);
      if (request.EventPattern !== undefined) throw validation("EventPattern", "minicloud's EventBridge runs schedule rules only: give ScheduleExpression instead of EventPattern.");
      if (request.ScheduleExpression === undefined) throw validation("ScheduleExpression", "Parameter ScheduleExpression is required, e.g. rate(5 minutes) or cron(0 12 * * ? *).");
      const schedule = parseScheduleExpression(request.ScheduleExpression);
      const state = request.State ?? "ENABLED";
      if (state !== "ENABLED" && state !== "DISABLED") throw validation("State", `State must be ENABLED or DISABLED; got ${String(state)}.`);
      const rule: Rule = {
        Name: request.Name,
        Arn: arn("events", `rule/${request.Name}`),
        ScheduleExpression: request.ScheduleExpression,
        State: state,
        ...(request.Description !== undefined ? { Description: request.Description } : {}),
        EventBusName: "default",
      };
      const existing = rules.get(request.Name);
      rules.set(request.Name, { rule, schedule, anchor: clock.now(), targets: existing?.targets ?? new Map() });
      existing?.timer?.cancel();
      arm(request.Name, clock.now());
      return { RuleArn: rule.Arn };
    },

    /** DescribeRule. */
    async describeRule(request: { Name: string; EventBusName?: "default" }): Promise<Rule> {
      checkBus(request.EventBusName);
      return { ...ruleOf(request.Name).rule };
    },

    /** ListRules, optionally by name prefix. */
    async listRules(request: { NamePrefix?: string } = {}): Promise<{ Rules: Rule[] }> {
      return { Rules: [...rules.values()].filter((r) => r.rule.Name.startsWith(request.NamePrefix ?? "")).map((r) => ({ ...r.rule })) };
    },

    /** EnableRule: a rate rule counts its periods from now. */
    async enableRule(request: { Name: string }): Promise<void> {
      const entry = ruleOf(request.Name);
      if (entry.rule.State === "ENABLED") return;
      entry.rule.State = "ENABLED";
      entry.anchor = clock.now();
      arm(request.Name, clock.now());
    },

    /** DisableRule: it stops firing. */
    async disableRule(request: { Name: string }): Promise<void> {
      ruleOf(request.Name).rule.State = "DISABLED";
      arm(request.Name, clock.now());
    },

    /** DeleteRule: only once its targets are removed, as EventBridge requires. */
    async deleteRule(request: { Name: string }): Promise<void> {
      const entry = rules.get(request.Name);
      if (!entry) return;
      if (entry.targets.size > 0) throw validation("Name", `Rule can't be deleted since it has targets: remove them first with removeTargets({ Rule: "${request.Name}", Ids: [...] }).`);
      entry.timer?.cancel();
      rules.delete(request.Name);
    },

    /** PutTargets: up to five per rule; each entry succeeds or fails on its own. */
    async putTargets(request: { Rule: string; Targets: Target[]; EventBusName?: "default" }): Promise<{ FailedEntryCount: number; FailedEntries: { TargetId: string; ErrorCode: string; ErrorMessage: string }[] }> {
      checkBus(request.EventBusName);
      const entry = ruleOf(request.Rule);
      if (!Array.isArray(request.Targets) || request.Targets.length === 0) throw validation("Targets", "Targets must hold 1 to 10 targets.");
      const FailedEntries: { TargetId: string; ErrorCode: string; ErrorMessage: string }[] = [];
      for (const target of request.Targets) {
        const fail = (why: string) => FailedEntries.push({ TargetId: String(target.Id), ErrorCode: "ValidationException", ErrorMessage: why });
        if (typeof target.Id !== "string" || !NAME.test(target.Id)) fail(`Id must be 1-64 letters, digits, '.', '-' or '_'; got ${String(target.Id)}.`);
        else if (typeof target.Arn !== "string" || !TARGET_ARN.test(target.Arn)) fail(`Arn must be a Lambda function's, SQS queue's, SNS topic's or ECS cluster's ARN; got ${String(target.Arn)}.`);
        else if (isCluster(target.Arn) && ecsParametersProblem(target.EcsParameters)) fail(ecsParametersProblem(target.EcsParameters) ?? "");
        else if (isCluster(target.Arn) && !options.runTask) fail("This EventBridge cannot run ECS tasks (it was created without an ECS to call).");
        else if (target.Input !== undefined && !isJson(target.Input)) fail(`Input must be valid JSON text; got ${target.Input.slice(0, 80)}.`);
        else if (!entry.targets.has(target.Id) && entry.targets.size >= 5) {
          FailedEntries.push({ TargetId: target.Id, ErrorCode: "LimitExceededException", ErrorMessage: "The requested resource exceeds the maximum number allowed: 5 targets per rule." });
        } else {
          entry.targets.set(target.Id, {
            Id: target.Id,
            Arn: target.Arn,
            ...(target.Input !== undefined ? { Input: target.Input } : {}),
            ...(target.EcsParameters !== undefined ? { EcsParameters: structuredClone(target.EcsParameters) } : {}),
            ...(target.RoleArn !== undefined ? { RoleArn: target.RoleArn } : {}),
          });
        }
      }
      return { FailedEntryCount: FailedEntries.length, FailedEntries };
    },

    /** RemoveTargets. */
    async removeTargets(request: { Rule: string; Ids: string[] }): Promise<{ FailedEntryCount: number; FailedEntries: { TargetId: string; ErrorCode: string; ErrorMessage: string }[] }> {
      const entry = ruleOf(request.Rule);
      const FailedEntries = request.Ids.filter((id) => !entry.targets.delete(id)).map((id) => ({ TargetId: id, ErrorCode: "ResourceNotFoundException", ErrorMessage: `Target ${id} is not on rule ${request.Rule}.` }));
      return { FailedEntryCount: FailedEntries.length, FailedEntries };
    },

    /** ListTargetsByRule. */
    async listTargetsByRule(request: { Rule: string }): Promise<{ Targets: Target[] }> {
      return { Targets: [...ruleOf(request.Rule).targets.values()].map((t) => ({ ...t })) };
    },

    /** Cancels every rule's timer (the session is over). */
    shutdown(): void {
      stopped = true;
      for (const entry of rules.values()) entry.timer?.cancel();
    },
  };
}

function isJson(text: unknown): boolean {
  if (typeof text !== "string") return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** minicloud's EventBridge (schedule rules), see {@link createEventBridge}. */
export type EventBridge = ReturnType<typeof createEventBridge>;
