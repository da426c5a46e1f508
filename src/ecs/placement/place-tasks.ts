import type { Random } from "../../core/random.js";
import type { Failure, PlacementConstraint, PlacementStrategy } from "../ecs-types.js";
import { invalidParameter } from "../ecs-errors.js";
import { parseClusterQuery, type ClusterQuery } from "./cluster-query.js";
import { reserve, type InstanceModel, type TaskDemand } from "./instance-model.js";

// How ECS picks a container instance for a task: first every instance that cannot take it is ruled
// out (resources, ports, constraints), then the strategies, in the order given, each keep the best
// candidates of the ones left; a last tie is broken at random.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement.html

/** A checked placement strategy. */
type Strategy = { type: "binpack"; field: "cpu" | "memory" } | { type: "spread"; field: string } | { type: "random" };

/** Checks strategies as CreateService and RunTask do. */
export function checkStrategies(strategies: PlacementStrategy[] | undefined, field = "placementStrategy"): Strategy[] {
  if (strategies === undefined) return [];
  if (!Array.isArray(strategies)) throw invalidParameter(`${field} must be a list of strategies, e.g. [{ type: "spread", field: "attribute:ecs.availability-zone" }].`, field);
  if (strategies.length > 5) throw invalidParameter(`${field} can have at most 5 strategies; got ${strategies.length}.`, field);
  return strategies.map((s, i) => {
    const at = `${field}[${i}]`;
    switch (s?.type) {
      case "binpack":
        if (s.field !== "cpu" && s.field !== "memory") throw invalidParameter(`A binpack strategy packs by "cpu" or "memory"; got field ${JSON.stringify(s.field)}.`, `${at}.field`);
        return { type: "binpack", field: s.field };
      case "spread":
        if (typeof s.field !== "string" || !(s.field === "instanceId" || s.field === "host" || s.field.startsWith("attribute:"))) {
          throw invalidParameter(`A spread strategy spreads by "instanceId", "host" or "attribute:<name>" (e.g. "attribute:ecs.availability-zone"); got field ${JSON.stringify(s.field)}.`, `${at}.field`);
        }
        return { type: "spread", field: s.field === "host" ? "instanceId" : s.field };
      case "random":
        return { type: "random" };
      default:
        throw invalidParameter(`Unknown placement strategy type ${JSON.stringify(s?.type)}. Use "binpack", "spread" or "random".`, `${at}.type`);
    }
  });
}

/** A checked constraint. */
type Constraint = { type: "distinctInstance" } | { type: "memberOf"; query: ClusterQuery };

/** Checks constraints (at most 10, as ECS allows) and parses memberOf expressions. */
export function checkConstraints(constraints: PlacementConstraint[] | undefined, field = "placementConstraints"): Constraint[] {
  if (constraints === undefined) return [];
  if (!Array.isArray(constraints)) throw invalidParameter(`${field} must be a list of constraints.`, field);
  if (constraints.length > 10) throw invalidParameter(`${field} can have at most 10 constraints; got ${constraints.length}.`, field);
  return constraints.map((c, i) => {
    if (c?.type === "distinctInstance") return { type: "distinctInstance" };
    if (c?.type === "memberOf") {
      try {
        return { type: "memberOf", query: parseClusterQuery(c.expression ?? "") };
      } catch (error) {
        throw invalidParameter((error as Error).message, `${field}[${i}].expression`);
      }
    }
    throw invalidParameter(`Unknown placement constraint type ${JSON.stringify(c?.type)}. Use "distinctInstance" or "memberOf".`, `${field}[${i}].type`);
  });
}

/** Why an instance cannot take a task, in ECS's failure words. */
function rejection(instance: InstanceModel, demand: TaskDemand, constraints: Constraint[]): string | undefined {
  if (instance.remainingCpu < demand.cpu) return "RESOURCE:CPU";
  if (instance.remainingMemory < demand.memory) return "RESOURCE:MEMORY";
  if (demand.ports.some((p) => instance.usedPorts.has(p))) return "RESOURCE:PORTS";
  for (const c of constraints) {
    if (c.type === "distinctInstance" && (instance.groupCounts.get(demand.group) ?? 0) > 0) return "DistinctInstance";
    if (c.type === "memberOf" && !c.query(instance)) return "MemberOf";
  }
  return undefined;
}

const attributeNames = new Map<string, string>();

/** The value a spread strategy groups an instance by (its id, or an attribute's value). */
function spreadValue(instance: InstanceModel, field: string): string {
  if (field === "instanceId") return instance.ec2InstanceId;
  // Called for every candidate of every task: the attribute's name is cut out of the field once.
  let name = attributeNames.get(field);
  if (name === undefined) attributeNames.set(field, (name = field.slice("attribute:".length)));
  return instance.attributes.get(name) ?? "";
}

const scores: number[] = [];

/** Keeps the candidates with the lowest score; the rest drop out. Works in place, for speed. */
function keepLowest(candidates: InstanceModel[], score: (i: InstanceModel) => number): void {
  let lowest = Infinity;
  for (let k = 0; k < candidates.length; k++) {
    const value = score(candidates[k] as InstanceModel);
    scores[k] = value;
    if (value < lowest) lowest = value;
  }
  let kept = 0;
  for (let k = 0; k < candidates.length; k++) if (scores[k] === lowest) candidates[kept++] = candidates[k] as InstanceModel;
  candidates.length = kept;
}

/**
 * Keeps the candidates each strategy likes best, in order; then picks one of the rest at random.
 * `spreadCounts` holds, per spread field, how many of the group's tasks each value has (on every
 * instance, candidate or not), kept up to date as tasks are placed.
 */
function choose(candidates: InstanceModel[], strategies: Strategy[], spreadCounts: Map<string, Map<string, number>>, random: Random): InstanceModel {
  for (const s of strategies) {
    if (candidates.length <= 1) break;
    if (s.type === "random") {
      const pick = candidates[Math.floor(random.next() * candidates.length)] as InstanceModel;
      candidates.length = 0;
      candidates.push(pick);
    } else if (s.type === "binpack") {
      keepLowest(candidates, s.field === "cpu" ? (i) => i.remainingCpu : (i) => i.remainingMemory);
    } else {
      const counts = spreadCounts.get(s.field) as Map<string, number>;
      keepLowest(candidates, (i) => counts.get(spreadValue(i, s.field)) ?? 0);
    }
  }
  return candidates[candidates.length === 1 ? 0 : Math.floor(random.next() * candidates.length)] as InstanceModel;
}

/** Where tasks went, and the failures for those that found no instance. */
export interface PlacementResult {
  placed: InstanceModel[];
  failures: Failure[];
}

/**
 * Places `count` tasks one after another (each placement changes what the next one sees), reserving
 * their resources on the chosen instances. Tasks that fit nowhere come back as ECS failures: one per
 * instance that refused, with its reason.
 */
export function placeTasks(options: {
  instances: InstanceModel[];
  demand: TaskDemand;
  count: number;
  strategies: Strategy[];
  constraints: Constraint[];
  random: Random;
}): PlacementResult {
  const { instances, demand, strategies, constraints, random } = options;
  const active = instances.filter((i) => i.status === "ACTIVE" && i.agentConnected);
  const spreadCounts = new Map<string, Map<string, number>>();
  for (const s of strategies) {
    if (s.type !== "spread" || spreadCounts.has(s.field)) continue;
    const counts = new Map<string, number>();
    for (const i of active) {
      const value = spreadValue(i, s.field);
      counts.set(value, (counts.get(value) ?? 0) + (i.groupCounts.get(demand.group) ?? 0));
    }
    spreadCounts.set(s.field, counts);
  }
  const placed: InstanceModel[] = [];
  // Every task of one call asks the same, so only the instance a task went to can change its answer.
  const fitting = new Set(active.filter((i) => rejection(i, demand, constraints) === undefined));
  const candidates: InstanceModel[] = [];
  for (let n = 0; n < options.count; n++) {
    if (fitting.size === 0) {
      return { placed, failures: active.map((i) => ({ arn: i.arn, reason: rejection(i, demand, constraints) ?? "" })) };
    }
    candidates.length = 0;
    for (const instance of fitting) candidates.push(instance);
    const chosen = choose(candidates, strategies, spreadCounts, random);
    reserve(chosen, demand);
    if (rejection(chosen, demand, constraints) !== undefined) fitting.delete(chosen);
    for (const [field, counts] of spreadCounts) counts.set(spreadValue(chosen, field), (counts.get(spreadValue(chosen, field)) ?? 0) + 1);
    placed.push(chosen);
  }
  return { placed, failures: [] };
}
