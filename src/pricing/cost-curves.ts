import { MinicloudError } from "../core/errors.js";
import { ec2Cost, fargateCost, HOURS_PER_MONTH, lambdaCost } from "./calculators.js";
import type { InstanceType } from "./price-tables.js";

/** One point of a cost curve: what hosting the workload costs at `x`. */
export interface CurvePoint {
  x: number;
  hosting: string;
  cost: number;
}

/** Where a growing cost meets a fixed one. */
export interface Crossing {
  x: number;
  cost: number;
  label: string;
}

/**
 * The smallest x in [lo, hi] at which a cost that never falls as x grows reaches `target` (by
 * bisection, so tiered prices are handled); undefined when it never does.
 */
export function crossingPoint(cost: (x: number) => number, target: number, lo: number, hi: number): number | undefined {
  if (cost(hi) < target) return undefined;
  if (cost(lo) >= target) return lo;
  for (let i = 0; i < 200 && hi - lo > Math.max(1e-9, lo * 1e-12); i++) {
    const mid = (lo + hi) / 2;
    if (cost(mid) >= target) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** What {@link lambdaVsAlwaysOn} compares. */
export interface LambdaVsAlwaysOnOptions {
  /** Run time of one invocation, and the function's memory. */
  durationMs: number;
  memoryMB: number;
  /** The always-on server (default t3.medium). */
  instanceType?: InstanceType;
  /** The always-on Fargate task (default 0.25 vCPU, 0.5 GB). */
  fargate?: { vcpu: number; memoryGB: number };
  /** Range of requests per month drawn (default 1,000 to 1,000,000,000), on a log scale. */
  minRequests?: number;
  maxRequests?: number;
  /** Points per curve (default 49). */
  points?: number;
}

/**
 * A month of the same work three ways — Lambda (today's rule, x86, no free tier), one always-on EC2
 * server, one always-on Fargate task — by requests per month, with the request counts at which Lambda
 * starts to cost more than each of the other two.
 */
export function lambdaVsAlwaysOn(options: LambdaVsAlwaysOnOptions): { points: CurvePoint[]; breakEvens: Crossing[] } {
  const instanceType = options.instanceType ?? "t3.medium";
  const task = options.fargate ?? { vcpu: 0.25, memoryGB: 0.5 };
  const min = options.minRequests ?? 1000;
  const max = options.maxRequests ?? 1e9;
  const count = options.points ?? 49;
  if (!(min > 0 && max > min)) throw new MinicloudError("InvalidParameterValueException", `minRequests must be above 0 and below maxRequests; got ${min} and ${max}.`, { field: "minRequests" });
  if (!(Number.isInteger(count) && count >= 2 && count <= 10_000)) throw new MinicloudError("InvalidParameterValueException", `points must be a whole number from 2 to 10000; got ${count}.`, { field: "points" });
  const lambda = (requests: number): number => lambdaCost({ requests, durationMs: options.durationMs, memoryMB: options.memoryMB }).total;
  const server = ec2Cost({ instanceType, hours: HOURS_PER_MONTH }).total;
  const fargate = fargateCost({ ...task, durationSeconds: HOURS_PER_MONTH * 3600 }).total;
  const names = {
    lambda: `Lambda (${options.durationMs} ms, ${options.memoryMB} MB)`,
    server: `EC2 ${instanceType}, always on`,
    fargate: `Fargate ${task.vcpu} vCPU / ${task.memoryGB} GB, always on`,
  };
  const points: CurvePoint[] = [];
  for (let i = 0; i < count; i++) {
    const x = Math.round(min * (max / min) ** (i / (count - 1)));
    points.push({ x, hosting: names.lambda, cost: lambda(x) }, { x, hosting: names.server, cost: server }, { x, hosting: names.fargate, cost: fargate });
  }
  const breakEvens: Crossing[] = [];
  for (const [label, fixed] of [["Lambda = EC2", server], ["Lambda = Fargate", fargate]] as const) {
    const x = crossingPoint(lambda, fixed, 0, max * 1000);
    if (x !== undefined) breakEvens.push({ x, cost: fixed, label });
  }
  return { points, breakEvens };
}
