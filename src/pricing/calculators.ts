import { MinicloudError } from "../core/errors.js";
import { EC2_ON_DEMAND, FARGATE, LAMBDA_2019, LAMBDA_CURRENT, type InstanceType, type LambdaPriceTable } from "./price-tables.js";

/** A Lambda workload for a month. */
export interface LambdaWorkload {
  requests: number;
  /** Average run time per invocation, before rounding. */
  durationMs: number;
  memoryMB: number;
  /** "2019" (100 ms steps) or "current" (1 ms steps, tiered prices). Default "current". */
  rule?: "2019" | "current";
  architecture?: "x86_64" | "arm64";
  /** Apply the monthly free tier (1M requests, 400,000 GB-s). Default false. */
  freeTier?: boolean;
}

/** What a workload costs, and how it was worked out. */
export interface LambdaCost {
  requests: number;
  billedDurationMs: number;
  gbSeconds: number;
  requestCost: number;
  durationCost: number;
  total: number;
  priceTable: LambdaPriceTable["id"];
}

function positive(value: number, field: string, allowZero = true): void {
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new MinicloudError("InvalidParameterValueException", `${field} must be a number ${allowZero ? "of 0 or more" : "above 0"}; got ${value}.`, { field });
  }
}

function tieredCost(gbSeconds: number, tiers: { uptoGbSeconds: number; price: number }[]): number {
  let cost = 0;
  let from = 0;
  for (const tier of tiers) {
    const inTier = Math.max(0, Math.min(gbSeconds, tier.uptoGbSeconds) - from);
    cost += inTier * tier.price;
    from = tier.uptoGbSeconds;
    if (gbSeconds <= from) break;
  }
  return cost;
}

/**
 * The monthly cost of a Lambda workload: requests plus GB-seconds (memory in GB × billed duration).
 * @example lambdaCost({ requests: 3_000_000, durationMs: 1000, memoryMB: 512, freeTier: true }).total // 18.73, AWS's worked example
 */
export function lambdaCost(w: LambdaWorkload): LambdaCost {
  positive(w.requests, "requests");
  positive(w.durationMs, "durationMs");
  if (!(Number.isInteger(w.memoryMB) && w.memoryMB >= 128 && w.memoryMB <= 10_240)) {
    throw new MinicloudError("InvalidParameterValueException", `memoryMB must be a whole number from 128 to 10240; got ${w.memoryMB}.`, { field: "memoryMB" });
  }
  const table = w.rule === "2019" ? LAMBDA_2019 : LAMBDA_CURRENT;
  const billedDurationMs = Math.max(table.roundingMs, Math.ceil(w.durationMs / table.roundingMs) * table.roundingMs);
  const gbSeconds = w.requests * (billedDurationMs / 1000) * (w.memoryMB / 1024);
  return { billedDurationMs, ...lambdaUsageCost({ requests: w.requests, gbSeconds, rule: w.rule ?? "current", architecture: w.architecture ?? "x86_64", freeTier: w.freeTier ?? false }) };
}

/** What metered Lambda usage costs: requests and GB-seconds already counted (e.g. by minicloud's meter). */
export function lambdaUsageCost(u: {
  requests: number;
  gbSeconds: number;
  rule: "2019" | "current";
  architecture: "x86_64" | "arm64";
  freeTier: boolean;
}): Omit<LambdaCost, "billedDurationMs"> {
  const table = u.rule === "2019" ? LAMBDA_2019 : LAMBDA_CURRENT;
  const free = u.freeTier ? table.freeTier : { requests: 0, gbSeconds: 0 };
  const requestCost = Math.max(0, u.requests - free.requests) * table.perRequest;
  const durationCost = tieredCost(Math.max(0, u.gbSeconds - free.gbSeconds), table.perGbSecond[u.architecture]);
  return { requests: u.requests, gbSeconds: u.gbSeconds, requestCost, durationCost, total: requestCost + durationCost, priceTable: table.id };
}

/** A Fargate task's size and run time. */
export interface FargateUsage {
  vcpu: number;
  memoryGB: number;
  /** From the start of the image pull until the task stops. */
  durationSeconds: number;
  tasks?: number;
  architecture?: "x86_64" | "arm64";
}

/**
 * What Fargate tasks cost: vCPU and memory, per second, rounded up, with a one-minute minimum per task.
 * @see https://aws.amazon.com/fargate/pricing/
 */
export function fargateCost(u: FargateUsage): { billedSeconds: number; vcpuCost: number; memoryCost: number; total: number } {
  positive(u.vcpu, "vcpu", false);
  positive(u.memoryGB, "memoryGB", false);
  positive(u.durationSeconds, "durationSeconds");
  const tasks = u.tasks ?? 1;
  const architecture = u.architecture ?? "x86_64";
  const billedSeconds = Math.max(FARGATE.minimumSeconds, Math.ceil(u.durationSeconds));
  const hours = (billedSeconds / 3600) * tasks;
  const vcpuCost = u.vcpu * hours * FARGATE.perVcpuHour[architecture];
  const memoryCost = u.memoryGB * hours * FARGATE.perGbHour[architecture];
  return { billedSeconds, vcpuCost, memoryCost, total: vcpuCost + memoryCost };
}

/** What EC2 instances cost for a number of hours (the EC2 launch type adds no charge for ECS itself). */
export function ec2Cost(u: { instanceType: InstanceType; hours: number; count?: number }): { perHour: number; total: number } {
  const instance = EC2_ON_DEMAND.instances[u.instanceType];
  if (!instance) {
    throw new MinicloudError("InvalidParameterValueException", `instanceType ${u.instanceType} has no price here; use one of ${Object.keys(EC2_ON_DEMAND.instances).join(", ")}.`, {
      field: "instanceType",
    });
  }
  positive(u.hours, "hours");
  return { perHour: instance.perHour, total: instance.perHour * u.hours * (u.count ?? 1) };
}

/** Hours in an average month, as AWS's pricing examples count them. */
export const HOURS_PER_MONTH = 730;

/**
 * The course's worked case, reproduced from stated assumptions: a report service that imports a data
 * file once a day. On servers it needed two always-on instances for availability (two r5.4xlarge-class
 * servers, the size the import's memory needed: ≈ $1,470 a month); on Lambda the same import is one
 * 100-second run a day at 1 GB (≈ $0.05 a month, 2019 rules).
 */
export function courseReportCase(): { servers: number; lambda: number; ratio: number } {
  const servers = ec2Cost({ instanceType: "r5.4xlarge", hours: HOURS_PER_MONTH, count: 2 }).total;
  const lambda = lambdaCost({ requests: 30, durationMs: 100_000, memoryMB: 1024, rule: "2019" }).total;
  return { servers, lambda, ratio: servers / lambda };
}
