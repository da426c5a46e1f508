import { randomUUID } from "node:crypto";
import { ACCOUNT_ID, arn, region } from "../../core/arn.js";
import type { Clock } from "../../core/clock.js";
import { MinicloudError } from "../../core/errors.js";
import type { CompiledPattern } from "../patterns/compile-pattern.js";
import type { RunEcsTask } from "../schedules/ecs-target.js";
import { parseScheduleExpression } from "../schedules/schedule-expression.js";
import type { Deliver } from "../targets.js";
import { busArn, busNameOf, busNotFound, DEFAULT_BUS, eventBridgeValidation as validation, validateBusName, type EventBus } from "./event-buses.js";
import { compileEventPattern, eventMatches, testEventPattern } from "./event-patterns.js";
import { checkPutEventsRequest, eventFromEntry, eventTime, type EventBridgeEvent, type PutEventsRequestEntry, type PutEventsResultEntry } from "./put-events.js";
import { sendToTarget, storedTarget, targetProblem, TARGET_ID, type FailedTargetEntry, type Target } from "./rule-targets.js";
import { armSchedule, disarmSchedule, type ScheduleTiming } from "./schedule-timer.js";

/** PutRule's request, in AWS's names: an event pattern, a schedule (default bus only), or both. */
export interface PutRuleRequest {
  Name: string;
  /** JSON text: which events the rule matches, e.g. `{"source": ["com.example.orders"]}`. */
  EventPattern?: string;
  /** `rate(5 minutes)` or `cron(0 12 * * ? *)` (UTC). */
  ScheduleExpression?: string;
  State?: "ENABLED" | "DISABLED";
  Description?: string;
  /** The bus, by name or ARN (default: `default`). */
  EventBusName?: string;
}

/** A rule, as DescribeRule and ListRules describe it. */
export interface Rule {
  Name: string;
  Arn: string;
  EventPattern?: string;
  ScheduleExpression?: string;
  State: "ENABLED" | "DISABLED";
  Description?: string;
  EventBusName: string;
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

interface RuleEntry {
  rule: Rule;
  pattern?: CompiledPattern;
  timing?: ScheduleTiming;
  targets: Map<string, Target>;
}

const RULE_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;
const MAX_TARGETS_PER_RULE = 5;

/**
 * The event a scheduled rule sends: "Scheduled Event" from `aws.events`, at the scheduled time (to the
 * second), naming the rule in `resources`.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html
 */
export function scheduledEvent(ruleArn: string, timeMs: number): EventBridgeEvent {
  return { version: "0", id: randomUUID(), "detail-type": "Scheduled Event", source: "aws.events", account: ACCOUNT_ID, time: eventTime(timeMs), region: region(), resources: [ruleArn], detail: {} };
}

/**
 * minicloud's EventBridge (CloudWatch Events): event buses that take events with PutEvents, rules that
 * send the events matching their event pattern — or a Scheduled Event on a `rate(...)`/`cron(...)`
 * schedule — to their targets: Lambda functions (invoked asynchronously), queues, topics and ECS clusters.
 * Schedules run on the session's clock: on a virtual clock as fast as time is advanced, on the wall clock
 * by timers, all cancelled at shutdown.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rules.html
 */
export function createEventBridge(options: EventBridgeOptions) {
  const { clock } = options;
  const now = () => new Date(clock.now());
  const buses = new Map<string, { bus: EventBus; rules: Map<string, RuleEntry> }>([[DEFAULT_BUS, { bus: { Name: DEFAULT_BUS, Arn: busArn(DEFAULT_BUS), CreationTime: now(), LastModifiedTime: now() }, rules: new Map() }]]);
  const failedInvocations: FailedInvocation[] = [];
  let stopped = false;

  const busOf = (nameOrArn: unknown, field = "EventBusName") => {
    const name = busNameOf(nameOrArn, field);
    const found = buses.get(name);
    if (!found) throw busNotFound(name, field);
    return found;
  };
  const ruleOf = (name: string, bus?: string) => {
    const busName = busNameOf(bus);
    const found = buses.get(busName)?.rules.get(name);
    if (!found) throw new MinicloudError("ResourceNotFoundException", `Rule ${name} does not exist on EventBus ${busName}.`, { field: "Name", statusCode: 400 });
    return found;
  };

  /** Hands an event to every target of a rule; the ones that cannot be reached are FailedInvocations. */
  const deliver = async (entry: RuleEntry, event: EventBridgeEvent): Promise<void> => {
    const text = JSON.stringify(event);
    await Promise.all(
      [...entry.targets.values()].map(async (target) => {
        if (!(await sendToTarget(target, { id: event.id, text }, entry.rule.Name, options))) {
          failedInvocations.push({ Rule: entry.rule.Name, TargetId: target.Id, time: new Date(clock.now()).toISOString() });
        }
      }),
    );
  };

  const arm = (entry: RuleEntry, after: number): void => {
    if (!entry.timing) return;
    if (stopped || entry.rule.State !== "ENABLED") return disarmSchedule(entry.timing);
    armSchedule(clock, entry.timing, after, (due) => {
      arm(entry, due);
      void deliver(entry, scheduledEvent(entry.rule.Arn, due));
    });
  };

  const listed = (entry: RuleEntry): Rule => ({ ...entry.rule });

  return {
    /** Events that a target could not be given. */
    failedInvocations,

    /** CreateEventBus: a custom bus for an application's own events. */
    async createEventBus(request: { Name: string; Description?: string }): Promise<{ EventBusArn: string }> {
      const name = validateBusName(request.Name);
      if (buses.has(name)) throw new MinicloudError("ResourceAlreadyExistsException", `Event bus ${name} already exists.`, { field: "Name", statusCode: 400 });
      const bus: EventBus = { Name: name, Arn: busArn(name), ...(request.Description !== undefined ? { Description: request.Description } : {}), CreationTime: now(), LastModifiedTime: now() };
      buses.set(name, { bus, rules: new Map() });
      return { EventBusArn: bus.Arn };
    },

    /** DescribeEventBus (default: the default bus). */
    async describeEventBus(request: { Name?: string } = {}): Promise<EventBus> {
      return { ...busOf(request.Name, "Name").bus };
    },

    /** ListEventBuses, optionally by name prefix. */
    async listEventBuses(request: { NamePrefix?: string } = {}): Promise<{ EventBuses: EventBus[] }> {
      return { EventBuses: [...buses.values()].filter((b) => b.bus.Name.startsWith(request.NamePrefix ?? "")).map((b) => ({ ...b.bus })) };
    },

    /** DeleteEventBus: a custom bus and its rules (the default bus cannot be deleted). */
    async deleteEventBus(request: { Name: string }): Promise<void> {
      const name = busNameOf(request.Name, "Name");
      if (name === DEFAULT_BUS) throw validation("Name", "Cannot delete event bus default.");
      const found = busOf(name, "Name");
      for (const entry of found.rules.values()) disarmSchedule(entry.timing);
      buses.delete(name);
    },

    /** PutRule: creates or updates a rule with an event pattern and/or a schedule; targets it already has stay. */
    async putRule(request: PutRuleRequest): Promise<{ RuleArn: string }> {
      const found = busOf(request.EventBusName);
      const busName = found.bus.Name;
      if (typeof request.Name !== "string" || !RULE_NAME.test(request.Name)) throw validation("Name", `Name must be 1-64 letters, digits, '.', '-' or '_'; got ${String(request.Name)}.`);
      if (request.EventPattern === undefined && request.ScheduleExpression === undefined) {
        throw validation("EventPattern", 'Parameter(s) EventPattern or ScheduleExpression must be specified, e.g. EventPattern: JSON.stringify({ source: ["com.example.orders"] }) or ScheduleExpression: "rate(5 minutes)".');
      }
      if (request.ScheduleExpression !== undefined && busName !== DEFAULT_BUS) {
        throw validation("ScheduleExpression", `ScheduleExpression is supported only on the default event bus (this rule is on ${busName}).`);
      }
      const pattern = request.EventPattern === undefined ? undefined : compileEventPattern(request.EventPattern);
      const schedule = request.ScheduleExpression === undefined ? undefined : parseScheduleExpression(request.ScheduleExpression);
      const state = request.State ?? "ENABLED";
      if (state !== "ENABLED" && state !== "DISABLED") throw validation("State", `State must be ENABLED or DISABLED; got ${String(state)}.`);
      const rule: Rule = {
        Name: request.Name,
        Arn: arn("events", busName === DEFAULT_BUS ? `rule/${request.Name}` : `rule/${busName}/${request.Name}`),
        ...(request.EventPattern !== undefined ? { EventPattern: request.EventPattern } : {}),
        ...(request.ScheduleExpression !== undefined ? { ScheduleExpression: request.ScheduleExpression } : {}),
        State: state,
        ...(request.Description !== undefined ? { Description: request.Description } : {}),
        EventBusName: busName,
      };
      const existing = found.rules.get(request.Name);
      disarmSchedule(existing?.timing);
      const entry: RuleEntry = { rule, ...(pattern ? { pattern } : {}), ...(schedule ? { timing: { schedule, anchor: clock.now() } } : {}), targets: existing?.targets ?? new Map() };
      found.rules.set(request.Name, entry);
      arm(entry, clock.now());
      return { RuleArn: rule.Arn };
    },

    /** DescribeRule. */
    async describeRule(request: { Name: string; EventBusName?: string }): Promise<Rule> {
      busOf(request.EventBusName);
      return listed(ruleOf(request.Name, request.EventBusName));
    },

    /** ListRules of a bus (default: the default bus), optionally by name prefix. */
    async listRules(request: { NamePrefix?: string; EventBusName?: string } = {}): Promise<{ Rules: Rule[] }> {
      const found = busOf(request.EventBusName);
      return { Rules: [...found.rules.values()].filter((r) => r.rule.Name.startsWith(request.NamePrefix ?? "")).map(listed) };
    },

    /** EnableRule: a rate rule counts its periods from now. */
    async enableRule(request: { Name: string; EventBusName?: string }): Promise<void> {
      const entry = ruleOf(request.Name, request.EventBusName);
      if (entry.rule.State === "ENABLED") return;
      entry.rule.State = "ENABLED";
      if (entry.timing) entry.timing.anchor = clock.now();
      arm(entry, clock.now());
    },

    /** DisableRule: it stops matching events and firing. */
    async disableRule(request: { Name: string; EventBusName?: string }): Promise<void> {
      const entry = ruleOf(request.Name, request.EventBusName);
      entry.rule.State = "DISABLED";
      arm(entry, clock.now());
    },

    /** DeleteRule: only once its targets are removed, as EventBridge requires. */
    async deleteRule(request: { Name: string; EventBusName?: string }): Promise<void> {
      const rules = busOf(request.EventBusName).rules;
      const entry = rules.get(request.Name);
      if (!entry) return;
      if (entry.targets.size > 0) throw validation("Name", `Rule can't be deleted since it has targets: remove them first with removeTargets({ Rule: "${request.Name}", Ids: [...] }).`);
      disarmSchedule(entry.timing);
      rules.delete(request.Name);
    },

    /** PutTargets: up to five per rule; each entry succeeds or fails on its own. */
    async putTargets(request: { Rule: string; Targets: Target[]; EventBusName?: string }): Promise<{ FailedEntryCount: number; FailedEntries: FailedTargetEntry[] }> {
      busOf(request.EventBusName);
      const entry = ruleOf(request.Rule, request.EventBusName);
      if (!Array.isArray(request.Targets) || request.Targets.length === 0 || request.Targets.length > 10) throw validation("Targets", "Targets must hold 1 to 10 targets.");
      const FailedEntries: FailedTargetEntry[] = [];
      for (const target of request.Targets) {
        const problem = targetProblem(target, options.runTask !== undefined);
        if (problem) FailedEntries.push({ TargetId: String(target?.Id), ErrorCode: "ValidationException", ErrorMessage: problem });
        else if (!entry.targets.has(target.Id) && entry.targets.size >= MAX_TARGETS_PER_RULE) {
          FailedEntries.push({ TargetId: target.Id, ErrorCode: "LimitExceededException", ErrorMessage: `The requested resource exceeds the maximum number allowed: ${MAX_TARGETS_PER_RULE} targets per rule.` });
        } else entry.targets.set(target.Id, storedTarget(target));
      }
      return { FailedEntryCount: FailedEntries.length, FailedEntries };
    },

    /** RemoveTargets. */
    async removeTargets(request: { Rule: string; Ids: string[]; EventBusName?: string }): Promise<{ FailedEntryCount: number; FailedEntries: FailedTargetEntry[] }> {
      const entry = ruleOf(request.Rule, request.EventBusName);
      const FailedEntries = request.Ids.filter((id) => !TARGET_ID.test(String(id)) || !entry.targets.delete(id)).map((id) => ({
        TargetId: String(id),
        ErrorCode: "ResourceNotFoundException",
        ErrorMessage: `Target ${String(id)} is not on rule ${request.Rule}.`,
      }));
      return { FailedEntryCount: FailedEntries.length, FailedEntries };
    },

    /** ListTargetsByRule. */
    async listTargetsByRule(request: { Rule: string; EventBusName?: string }): Promise<{ Targets: Target[] }> {
      return { Targets: [...ruleOf(request.Rule, request.EventBusName).targets.values()].map(storedTarget) };
    },

    /**
     * PutEvents: 1 to 10 entries (256 KB in all). Each accepted event gets an EventId and goes to the
     * targets of every enabled rule of its bus whose pattern it matches; each refused entry gets an
     * ErrorCode, and FailedEntryCount counts them. An event for a bus that does not exist is accepted and
     * reaches nobody, as on AWS.
     * @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html
     */
    async putEvents(request: { Entries: PutEventsRequestEntry[] }): Promise<{ FailedEntryCount: number; Entries: PutEventsResultEntry[] }> {
      checkPutEventsRequest(request?.Entries);
      const results: PutEventsResultEntry[] = [];
      const deliveries: Promise<void>[] = [];
      for (const entry of request.Entries) {
        const made = eventFromEntry(entry, clock.now());
        if ("error" in made) {
          results.push(made.error);
          continue;
        }
        results.push({ EventId: made.event.id });
        const rules = buses.get(busNameOf(entry.EventBusName, "EventBusName"))?.rules.values() ?? [];
        for (const rule of rules) {
          if (rule.rule.State === "ENABLED" && rule.pattern && eventMatches(rule.pattern, made.event)) deliveries.push(deliver(rule, made.event));
        }
      }
      await Promise.all(deliveries);
      return { FailedEntryCount: results.filter((r) => r.ErrorCode !== undefined).length, Entries: results };
    },

    /** TestEventPattern: whether an event (JSON text) matches an event pattern (JSON text). */
    async testEventPattern(request: { EventPattern: string; Event: string }): Promise<{ Result: boolean }> {
      return testEventPattern(request);
    },

    /** Cancels every rule's timer (the session is over). */
    shutdown(): void {
      stopped = true;
      for (const found of buses.values()) for (const entry of found.rules.values()) disarmSchedule(entry.timing);
    },
  };
}

/** minicloud's EventBridge (event buses, pattern and schedule rules), see {@link createEventBridge}. */
export type EventBridge = ReturnType<typeof createEventBridge>;
export type { Target } from "./rule-targets.js";
