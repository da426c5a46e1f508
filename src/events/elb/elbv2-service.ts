import { randomBytes } from "node:crypto";
import { arn } from "../../core/arn.js";
import type { Clock } from "../../core/clock.js";
import { MinicloudError } from "../../core/errors.js";
import type { Lambda } from "../../lambda/lambda-service.js";
import { listenLocal, type HttpListener } from "../http/http-request.js";
import { albHandler, type Action, type RuleCondition, type ServedListener } from "./alb-listener.js";

/** A load balancer, as DescribeLoadBalancers describes it. DNSName is where minicloud serves it: 127.0.0.1. */
export interface LoadBalancer {
  LoadBalancerArn: string;
  LoadBalancerName: string;
  DNSName: string;
  Type: "application";
  Scheme: "internet-facing" | "internal";
  State: { Code: "active" };
  CreatedTime: Date;
}

/** A target group of Lambda targets. */
export interface TargetGroup {
  TargetGroupArn: string;
  TargetGroupName: string;
  TargetType: "lambda";
  HealthCheckEnabled: boolean;
  LoadBalancerArns: string[];
}

/** A listener: a port on the load balancer and what its requests go to. */
export interface Listener {
  ListenerArn: string;
  LoadBalancerArn: string;
  /** The port on 127.0.0.1 (0 asked for a free one; this is the one it got). */
  Port: number;
  Protocol: "HTTP";
  DefaultActions: Action[];
}

const NAME = /^(?!internal-)[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?$/;
const FUNCTION_ARN = /^arn:aws:lambda:[^:]+:\d{12}:function:[a-zA-Z0-9-_]+(:[a-zA-Z0-9$_-]+)?$/;
const MULTI_VALUE = "lambda.multi_value_headers.enabled";

function validation(field: string, message: string): MinicloudError {
  return new MinicloudError("ValidationError", message, { field, statusCode: 400 });
}

function notFound(kind: "LoadBalancer" | "TargetGroup" | "Listener", value: string, field: string): MinicloudError {
  const words = { LoadBalancer: "load balancer", TargetGroup: "target group", Listener: "listener" }[kind];
  return new MinicloudError(`${kind}NotFoundException`, `One or more ${words}s not found: ${value}.`, { field, statusCode: 400 });
}

/**
 * minicloud's Elastic Load Balancing (v2) for Application Load Balancers with Lambda targets: target
 * groups hold one function each, and each listener is a real HTTP server on 127.0.0.1 whose default
 * actions and rules (path patterns, methods) forward requests to a target group — the function gets
 * ALB's event and its answer is the response — or answer with a fixed response.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html
 */
export function createElbv2(options: { clock: Clock; lambda: Lambda }) {
  const { clock, lambda } = options;
  const balancers = new Map<string, LoadBalancer>();
  const groups = new Map<string, { group: TargetGroup; functionArn?: string; multiValue: boolean }>();
  const listeners = new Map<string, { listener: Listener; served: ServedListener; http: HttpListener }>();

  const balancerOf = (value: string) => balancers.get(value) ?? fail(notFound("LoadBalancer", value, "LoadBalancerArn"));
  const groupOf = (value: string) => groups.get(value) ?? fail(notFound("TargetGroup", value, "TargetGroupArn"));
  const listenerOf = (value: string) => listeners.get(value) ?? fail(notFound("Listener", value, "ListenerArn"));
  const checkActions = (actions: unknown, field: string): Action[] => {
    if (!Array.isArray(actions) || actions.length === 0) throw validation(field, `${field} must hold at least one action.`);
    actions.forEach((a: Action, i) => {
      if (a?.Type === "forward") groupOf(a.TargetGroupArn);
      else if (a?.Type === "fixed-response") {
        if (!/^[2-5]\d\d$/.test(String(a.FixedResponseConfig?.StatusCode))) throw validation(`${field}[${i}].FixedResponseConfig.StatusCode`, "StatusCode must be a 2XX, 4XX or 5XX code, as text.");
      } else throw validation(`${field}[${i}].Type`, `minicloud's listeners take forward and fixed-response actions; got ${String((a as { Type?: unknown })?.Type)}.`);
    });
    return structuredClone(actions);
  };
  const hex = () => randomBytes(8).toString("hex");
  /** Whether a listener's default actions or rules forward to a target group. */
  const forwardsTo = (served: ServedListener, groupArn: string) =>
    [served.defaultActions, ...served.rules.map((r) => r.actions)].flat().some((a) => a.Type === "forward" && a.TargetGroupArn === groupArn);

  return {
    /** CreateLoadBalancer (Type application). */
    async createLoadBalancer(request: { Name: string; Type?: "application"; Scheme?: "internet-facing" | "internal" }): Promise<{ LoadBalancers: LoadBalancer[] }> {
      if (typeof request.Name !== "string" || !NAME.test(request.Name)) {
        throw validation("Name", `Name must be 1-32 letters, digits and hyphens, not starting or ending with a hyphen nor with "internal-"; got ${String(request.Name)}.`);
      }
      if ((request.Type ?? "application") !== "application") throw validation("Type", `minicloud has Application Load Balancers: Type must be application; got ${String(request.Type)}.`);
      if ([...balancers.values()].some((b) => b.LoadBalancerName === request.Name)) {
        throw new MinicloudError("DuplicateLoadBalancerNameException", `A load balancer with the same name '${request.Name}' exists, but with different settings.`, { field: "Name", statusCode: 400 });
      }
      const balancer: LoadBalancer = {
        LoadBalancerArn: arn("elasticloadbalancing", `loadbalancer/app/${request.Name}/${hex()}`),
        LoadBalancerName: request.Name,
        DNSName: "127.0.0.1",
        Type: "application",
        Scheme: request.Scheme ?? "internet-facing",
        State: { Code: "active" },
        CreatedTime: new Date(clock.now()),
      };
      balancers.set(balancer.LoadBalancerArn, balancer);
      return { LoadBalancers: [{ ...balancer }] };
    },

    /** DescribeLoadBalancers. */
    async describeLoadBalancers(): Promise<{ LoadBalancers: LoadBalancer[] }> {
      return { LoadBalancers: [...balancers.values()].map((b) => ({ ...b })) };
    },

    /** DeleteLoadBalancer: its listeners stop serving. */
    async deleteLoadBalancer(request: { LoadBalancerArn: string }): Promise<void> {
      balancerOf(request.LoadBalancerArn);
      const own = [...listeners.values()].filter((l) => l.listener.LoadBalancerArn === request.LoadBalancerArn);
      for (const l of own) listeners.delete(l.listener.ListenerArn);
      balancers.delete(request.LoadBalancerArn);
      await Promise.all(own.map((l) => l.http.close()));
    },

    /** CreateTargetGroup (TargetType lambda). */
    async createTargetGroup(request: { Name: string; TargetType: "lambda" }): Promise<{ TargetGroups: TargetGroup[] }> {
      if (typeof request.Name !== "string" || !NAME.test(request.Name)) throw validation("Name", `Name must be 1-32 letters, digits and hyphens; got ${String(request.Name)}.`);
      if (request.TargetType !== "lambda") throw validation("TargetType", `minicloud's target groups hold Lambda functions: TargetType must be lambda; got ${String(request.TargetType)}.`);
      if ([...groups.values()].some((g) => g.group.TargetGroupName === request.Name)) {
        throw new MinicloudError("DuplicateTargetGroupNameException", `A target group with the same name '${request.Name}' exists, but with different settings.`, { field: "Name", statusCode: 400 });
      }
      const group: TargetGroup = { TargetGroupArn: arn("elasticloadbalancing", `targetgroup/${request.Name}/${hex()}`), TargetGroupName: request.Name, TargetType: "lambda", HealthCheckEnabled: false, LoadBalancerArns: [] };
      groups.set(group.TargetGroupArn, { group, multiValue: false });
      return { TargetGroups: [{ ...group }] };
    },

    /** DescribeTargetGroups. */
    async describeTargetGroups(): Promise<{ TargetGroups: TargetGroup[] }> {
      const used = (groupArn: string) => [...new Set([...listeners.values()].filter((l) => forwardsTo(l.served, groupArn)).map((l) => l.listener.LoadBalancerArn))];
      return { TargetGroups: [...groups.values()].map((g) => ({ ...g.group, LoadBalancerArns: used(g.group.TargetGroupArn) })) };
    },

    /** DeleteTargetGroup. */
    async deleteTargetGroup(request: { TargetGroupArn: string }): Promise<void> {
      groupOf(request.TargetGroupArn);
      if ([...listeners.values()].some((l) => forwardsTo(l.served, request.TargetGroupArn))) {
        throw new MinicloudError("ResourceInUseException", `Target group '${request.TargetGroupArn}' is currently in use by a listener or a rule.`, { field: "TargetGroupArn", statusCode: 400 });
      }
      groups.delete(request.TargetGroupArn);
    },

    /** RegisterTargets: one Lambda function per target group, as ELB allows. */
    async registerTargets(request: { TargetGroupArn: string; Targets: { Id: string }[] }): Promise<void> {
      const entry = groupOf(request.TargetGroupArn);
      const ids = (request.Targets ?? []).map((t) => t.Id);
      if (ids.length !== 1) throw new MinicloudError("TooManyTargetsException", "You can register one Lambda function per target group.", { field: "Targets", statusCode: 400 });
      if (!FUNCTION_ARN.test(ids[0] ?? "")) throw validation("Targets[0].Id", `A Lambda target's Id is the function's ARN; got ${String(ids[0])}.`);
      if (entry.functionArn !== undefined && entry.functionArn !== ids[0]) {
        throw new MinicloudError("TooManyTargetsException", `Target group already holds ${entry.functionArn}: deregister it first (one Lambda function per target group).`, { field: "Targets", statusCode: 400 });
      }
      entry.functionArn = ids[0]!;
    },

    /** DeregisterTargets. */
    async deregisterTargets(request: { TargetGroupArn: string; Targets: { Id: string }[] }): Promise<void> {
      const entry = groupOf(request.TargetGroupArn);
      if (request.Targets?.some((t) => t.Id === entry.functionArn)) delete entry.functionArn;
    },

    /** DescribeTargetHealth: Lambda targets have no health checks unless enabled, so their state is "unavailable". */
    async describeTargetHealth(request: { TargetGroupArn: string }) {
      const entry = groupOf(request.TargetGroupArn);
      return {
        TargetHealthDescriptions: entry.functionArn === undefined ? [] : [{ Target: { Id: entry.functionArn }, TargetHealth: { State: "unavailable", Reason: "Target.HealthCheckDisabled", Description: "Health checks are disabled" } }],
      };
    },

    /** ModifyTargetGroupAttributes: `lambda.multi_value_headers.enabled`. */
    async modifyTargetGroupAttributes(request: { TargetGroupArn: string; Attributes: { Key: string; Value: string }[] }): Promise<{ Attributes: { Key: string; Value: string }[] }> {
      const entry = groupOf(request.TargetGroupArn);
      for (const { Key, Value } of request.Attributes ?? []) {
        if (Key !== MULTI_VALUE) throw validation("Attributes", `minicloud's Lambda target groups take the attribute ${MULTI_VALUE}; got ${Key}.`);
        if (Value !== "true" && Value !== "false") throw validation("Attributes", `${MULTI_VALUE} is "true" or "false"; got ${Value}.`);
        entry.multiValue = Value === "true";
      }
      return { Attributes: [{ Key: MULTI_VALUE, Value: String(entry.multiValue) }] };
    },

    /** CreateListener (HTTP): starts serving on 127.0.0.1 at Port (0 for a free one). */
    async createListener(request: { LoadBalancerArn: string; Protocol?: "HTTP"; Port: number; DefaultActions: Action[] }): Promise<{ Listeners: Listener[] }> {
      balancerOf(request.LoadBalancerArn);
      if ((request.Protocol ?? "HTTP") !== "HTTP") throw validation("Protocol", `minicloud's listeners speak HTTP; got ${String(request.Protocol)}.`);
      const defaultActions = checkActions(request.DefaultActions, "DefaultActions");
      if ([...listeners.values()].some((l) => l.listener.LoadBalancerArn === request.LoadBalancerArn && request.Port !== 0 && l.listener.Port === request.Port)) {
        throw new MinicloudError("DuplicateListenerException", `A listener already exists on port ${request.Port} of this load balancer.`, { field: "Port", statusCode: 400 });
      }
      const served: ServedListener = {
        port: 0,
        defaultActions,
        rules: [],
        targetGroup: (groupArn) => {
          const entry = groups.get(groupArn);
          return entry && { ...(entry.functionArn !== undefined ? { functionArn: entry.functionArn } : {}), multiValue: entry.multiValue };
        },
      };
      const http = await listenLocal(request.Port, albHandler(served, { lambda, now: () => clock.now() }), "ValidationError", "Port");
      served.port = http.port;
      const [, , , , , balancer] = request.LoadBalancerArn.split(":");
      const listener: Listener = {
        ListenerArn: arn("elasticloadbalancing", `listener/${balancer!.replace(/^loadbalancer\//, "")}/${hex()}`),
        LoadBalancerArn: request.LoadBalancerArn,
        Port: http.port,
        Protocol: "HTTP",
        DefaultActions: defaultActions,
      };
      listeners.set(listener.ListenerArn, { listener, served, http });
      return { Listeners: [structuredClone(listener)] };
    },

    /** DescribeListeners of a load balancer. */
    async describeListeners(request: { LoadBalancerArn: string }): Promise<{ Listeners: Listener[] }> {
      balancerOf(request.LoadBalancerArn);
      return { Listeners: [...listeners.values()].filter((l) => l.listener.LoadBalancerArn === request.LoadBalancerArn).map((l) => structuredClone(l.listener)) };
    },

    /** DeleteListener: it stops serving. */
    async deleteListener(request: { ListenerArn: string }): Promise<void> {
      const entry = listenerOf(request.ListenerArn);
      listeners.delete(request.ListenerArn);
      await entry.http.close();
    },

    /** CreateRule: conditions (path-pattern, http-request-method) and actions, evaluated by Priority (lowest first) before the default actions. */
    async createRule(request: { ListenerArn: string; Priority: number; Conditions: RuleCondition[]; Actions: Action[] }): Promise<{ Rules: { RuleArn: string; Priority: string }[] }> {
      const entry = listenerOf(request.ListenerArn);
      if (!Number.isInteger(request.Priority) || request.Priority < 1 || request.Priority > 50_000) throw validation("Priority", `Priority must be a whole number from 1 to 50000; got ${request.Priority}.`);
      if (entry.served.rules.some((r) => r.priority === request.Priority)) {
        throw new MinicloudError("PriorityInUseException", `Priority '${request.Priority}' is currently in use.`, { field: "Priority", statusCode: 400 });
      }
      if (!Array.isArray(request.Conditions) || request.Conditions.length === 0) throw validation("Conditions", "A rule needs at least one condition.");
      request.Conditions.forEach((c, i) => {
        if (c?.Field !== "path-pattern" && c?.Field !== "http-request-method") throw validation(`Conditions[${i}].Field`, `minicloud's rules match path-pattern and http-request-method; got ${String(c?.Field)}.`);
        if (!Array.isArray(c.Values) || c.Values.length === 0) throw validation(`Conditions[${i}].Values`, "A condition needs at least one value.");
      });
      const actions = checkActions(request.Actions, "Actions");
      const rule = { RuleArn: entry.listener.ListenerArn.replace(":listener/", ":listener-rule/") + `/${hex()}`, Priority: String(request.Priority) };
      entry.served.rules = [...entry.served.rules, { priority: request.Priority, conditions: structuredClone(request.Conditions), actions }].sort((a, b) => a.priority - b.priority);
      return { Rules: [rule] };
    },

    /** Stops every listener (the session is over). */
    async shutdown(): Promise<void> {
      const all = [...listeners.values()];
      listeners.clear();
      await Promise.all(all.map((l) => l.http.close()));
    },
  };
}

function fail(error: MinicloudError): never {
  throw error;
}

/** minicloud's Elastic Load Balancing v2 (ALBs with Lambda targets), see {@link createElbv2}. */
export type Elbv2 = ReturnType<typeof createElbv2>;
