import { MinicloudError } from "../core/errors.js";
import { createRandom } from "../core/random.js";
import { billedDurationMs, type BillingRule } from "../lambda/billing.js";
import { lambdaUsageCost } from "../pricing/calculators.js";
import { arrivalTimes } from "./arrivals.js";
import { EventHeap } from "./event-heap.js";
import { functionModel, spreadFactor, type FunctionModel, type SimulatedFunction } from "./lambda-model.js";
import { lambdaSimResult, type LambdaSimResult, type SimInvocation } from "./lambda-sim-result.js";

/** Options for {@link simulateLambda}. */
export interface LambdaSimOptions {
  /** The functions, each with its own traffic; they share the account's concurrency. */
  functions: SimulatedFunction[];
  /** How long to simulate, in ms (a day is 86,400,000). */
  durationMs: number;
  /** The account's concurrency limit across all functions (AWS's default is 1,000). */
  accountConcurrency?: number;
  /**
   * How long an execution environment may stay idle before Lambda reclaims it (the next event then
   * starts cold). AWS does not publish the figure; default 10 minutes, as minicloud's Lambda.
   */
  idleReclaimMs?: number;
  /** The width of one point of the time series, in ms (default: a round width giving at most 1,440 points). */
  bucketMs?: number;
  /** Seeds arrivals and run times: the same seed gives the same run (default 1). */
  seed?: number;
  /** Keep the first this many invocations one by one, for the invocation timeline (default 0). */
  recordInvocations?: number;
}

const ROUND_BUCKETS = [1, 10, 100, 1000, 10_000, 60_000, 300_000, 900_000, 3_600_000];

/** Per-function counters, one slot per time bucket. */
interface Counters {
  invocations: Int32Array;
  coldStarts: Int32Array;
  throttles: Int32Array;
  concurrency: Int32Array;
  environmentDelta: Int32Array;
  gbSeconds: Record<BillingRule, Float64Array>;
}

function bad(field: string, message: string): MinicloudError {
  return new MinicloudError("InvalidParameterValueException", `${field} ${message}`, { field });
}

/**
 * Simulates Lambda at scale on virtual time: every event gets its own invocation, which reuses an idle
 * execution environment of its function (warm) or starts a new one (cold, with INIT), unless the
 * function's reserved concurrency or the account's unreserved pool is used up, when it is throttled
 * (429 TooManyRequestsException). Idle environments are reclaimed after `idleReclaimMs`. Billing
 * follows both rules of `billedDurationMs`. A tight event loop over typed arrays: a million
 * invocations take well under a second. Deterministic for a seed.
 * @example simulateLambda({ durationMs: 60_000, functions: [{ name: "api", memoryMB: 512, cpuMs: 50, arrivals: { type: "poisson", perSecond: 100 } }] }).total
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html
 */
export function simulateLambda(options: LambdaSimOptions): LambdaSimResult {
  const durationMs = options.durationMs;
  if (!Number.isFinite(durationMs) || durationMs <= 0) throw bad("durationMs", `must be a number of milliseconds above 0; got ${durationMs}.`);
  const account = options.accountConcurrency ?? 1000;
  if (!(Number.isInteger(account) && account >= 1)) throw bad("accountConcurrency", `must be a whole number, at least 1; got ${account}.`);
  const idleMs = options.idleReclaimMs ?? 600_000;
  if (!(idleMs >= 0)) throw bad("idleReclaimMs", `must be a number of milliseconds, 0 or more; got ${idleMs}.`);
  const bucketMs = options.bucketMs ?? ROUND_BUCKETS.find((b) => durationMs / b <= 1440) ?? 86_400_000;
  if (!(bucketMs > 0) || durationMs / bucketMs > 1_000_000) throw bad("bucketMs", `must be above 0 and give at most 1,000,000 points; got ${bucketMs}.`);
  const seed = options.seed ?? 1;
  const recordLimit = options.recordInvocations ?? 0;
  if (!Array.isArray(options.functions) || options.functions.length === 0) throw bad("functions", "must list at least one function.");

  const models: FunctionModel[] = options.functions.map((f, i) => functionModel(f, i, account));
  let reservedSum = 0;
  models.forEach((m, i) => {
    reservedSum += m.reservedConcurrency ?? 0;
    if (reservedSum > account) throw bad(`functions[${i}].reservedConcurrency`, `takes the functions' reserved concurrency to ${reservedSum}, above the account limit (${account}); lower it or raise accountConcurrency.`);
  });
  const unreservedLimit = account - reservedSum;
  const k = models.length;
  const arrivals = models.map((m, i) => arrivalTimes(m.arrivals, durationMs, createRandom(seed + 7919 * (i + 1)), `functions[${i}].arrivals`));
  const random = createRandom(seed);
  const buckets = Math.ceil(durationMs / bucketMs);
  const counters: Counters[] = models.map(() => ({
    invocations: new Int32Array(buckets),
    coldStarts: new Int32Array(buckets),
    throttles: new Int32Array(buckets),
    concurrency: new Int32Array(buckets),
    environmentDelta: new Int32Array(buckets),
    gbSeconds: { "2019": new Float64Array(buckets), current: new Float64Array(buckets) },
  }));
  const bucketOf = (t: number): number => Math.min(buckets - 1, Math.floor(t / bucketMs));

  const next = new Int32Array(k);
  const inFlight = new Int32Array(k);
  const lastBucket = new Int32Array(k);
  const maxConcurrency = new Int32Array(k);
  const created = new Int32Array(k);
  // Idle environments of each function: a stack (the most recently used is reused first, as a warm
  // cache would) read from its bottom for reclaiming, where the longest idle ones are.
  const idle: number[][] = models.map(() => []);
  const idleHead = new Int32Array(k);
  let envFunction = new Int32Array(1024);
  let idleSince = new Float64Array(1024);
  let environments = 0;
  let unreservedInFlight = 0;
  let totalInFlight = 0;
  let maxTotal = 0;
  const heap = new EventHeap();
  const recorded: SimInvocation[] = [];

  const catchUp = (f: number, b: number): void => {
    const c = counters[f]!.concurrency;
    for (let j = lastBucket[f]! + 1; j <= b; j++) c[j] = inFlight[f]!;
    if (b > lastBucket[f]!) lastBucket[f] = b;
  };
  const reclaim = (f: number, t: number): void => {
    const stack = idle[f]!;
    let head = idleHead[f]!;
    while (head < stack.length && idleSince[stack[head]!]! + idleMs <= t) {
      const at = idleSince[stack[head]!]! + idleMs;
      if (at < durationMs) counters[f]!.environmentDelta[bucketOf(at)]!--;
      head++;
    }
    if (head === stack.length) {
      stack.length = 0;
      head = 0;
    } else if (head > 1024 && head * 2 > stack.length) {
      stack.splice(0, head);
      head = 0;
    }
    idleHead[f] = head;
  };
  const newEnvironment = (f: number): number => {
    if (environments === envFunction.length) {
      const moreF = new Int32Array(environments * 2);
      moreF.set(envFunction);
      envFunction = moreF;
      const moreT = new Float64Array(environments * 2);
      moreT.set(idleSince);
      idleSince = moreT;
    }
    envFunction[environments] = f;
    return environments++;
  };

  for (;;) {
    let f = -1;
    let arrival = Number.POSITIVE_INFINITY;
    for (let i = 0; i < k; i++) {
      const list = arrivals[i]!;
      if (next[i]! < list.length && list[next[i]!]! < arrival) {
        arrival = list[next[i]!]!;
        f = i;
      }
    }
    const completion = heap.peekTime();
    if (f < 0 && heap.size === 0) break;

    if (completion <= arrival) {
      // An invocation ends: its environment becomes idle, warm for the next event.
      const env = heap.peekId();
      heap.pop();
      const g = envFunction[env]!;
      catchUp(g, bucketOf(completion));
      inFlight[g]!--;
      totalInFlight--;
      if (models[g]!.reservedConcurrency === undefined) unreservedInFlight--;
      idleSince[env] = completion;
      idle[g]!.push(env);
      continue;
    }

    next[f]!++;
    const model = models[f]!;
    const c = counters[f]!;
    const b = bucketOf(arrival);
    catchUp(f, b);
    const reserved = model.reservedConcurrency;
    if (reserved !== undefined ? inFlight[f]! >= reserved : unreservedInFlight >= unreservedLimit) {
      c.throttles[b]!++;
      continue;
    }
    reclaim(f, arrival);
    const stack = idle[f]!;
    const cold = stack.length === idleHead[f]!;
    const env = cold ? newEnvironment(f) : stack.pop()!;
    if (cold) {
      created[f]!++;
      c.coldStarts[b]!++;
      c.environmentDelta[b]!++;
    }
    const initMs = cold ? model.initMs * spreadFactor(random, model.variability) : 0;
    const runMs = model.durationMs * spreadFactor(random, model.variability);
    const gb = model.memoryMB / 1024;
    c.gbSeconds["2019"][b]! += (gb * billedDurationMs(runMs, undefined, "2019")) / 1000;
    c.gbSeconds.current[b]! += (gb * billedDurationMs(runMs, cold ? initMs : undefined, "current")) / 1000;
    c.invocations[b]!++;
    inFlight[f]!++;
    totalInFlight++;
    if (reserved === undefined) unreservedInFlight++;
    if (inFlight[f]! > c.concurrency[b]!) c.concurrency[b] = inFlight[f]!;
    if (inFlight[f]! > maxConcurrency[f]!) maxConcurrency[f] = inFlight[f]!;
    if (totalInFlight > maxTotal) maxTotal = totalInFlight;
    heap.push(arrival + initMs + runMs, env);
    if (recorded.length < recordLimit) recorded.push({ function: model.name, environment: env, startMs: arrival, initMs, durationMs: runMs, cold });
  }
  for (let f = 0; f < k; f++) {
    catchUp(f, buckets - 1);
    reclaim(f, durationMs);
  }

  return lambdaSimResult({
    durationMs,
    bucketMs,
    seed,
    maxTotalConcurrency: maxTotal,
    functions: models.map((m, f) => ({ name: m.name, counters: counters[f]!, maxConcurrency: maxConcurrency[f]!, environmentsCreated: created[f]! })),
    invocations: recorded,
    price: (requests, gbSeconds, rule) => lambdaUsageCost({ requests, gbSeconds, rule, architecture: "x86_64", freeTier: false }).total,
  });
}
