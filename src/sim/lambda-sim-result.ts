import type { BillingRule } from "../lambda/billing.js";
import { table, type Displayable, type MimeBundle } from "../viz/mime-bundle.js";

/** One point of a simulation's time series, for one function. */
export interface SimPoint {
  /** Start of the interval, ms from the start of the simulation. */
  timeMs: number;
  function: string;
  /** Invocations that started in the interval (throttled events not included). */
  invocations: number;
  coldStarts: number;
  /** Events refused with 429 TooManyRequestsException. */
  throttles: number;
  /** The most invocations running at once during the interval. */
  concurrency: number;
  /** Execution environments alive (busy or idle) at the end of the interval. */
  environments: number;
  /** What the interval's invocations cost, under today's rule and 2019's. */
  cost: number;
  cost2019: number;
}

/** One simulated invocation, for the invocation timeline. */
export interface SimInvocation {
  function: string;
  /** Which execution environment ran it (numbered from 0 in order of creation). */
  environment: number;
  /** When the event arrived, ms from the start. */
  startMs: number;
  /** INIT time; 0 for a warm start. */
  initMs: number;
  /** Run time of the handler. */
  durationMs: number;
  cold: boolean;
}

/** A function's totals over the whole simulation. */
export interface SimFunctionTotals {
  function: string;
  invocations: number;
  coldStarts: number;
  throttles: number;
  environmentsCreated: number;
  maxConcurrency: number;
  gbSeconds: Record<BillingRule, number>;
  cost: Record<BillingRule, number>;
}

/** What a Lambda simulation found: a time series, totals per function and overall, and recorded invocations. */
export interface LambdaSimResult extends Displayable {
  durationMs: number;
  bucketMs: number;
  seed: number;
  series: SimPoint[];
  functions: SimFunctionTotals[];
  total: { invocations: number; coldStarts: number; throttles: number; maxConcurrency: number; cost: Record<BillingRule, number> };
  invocations: SimInvocation[];
}

/** What the event loop hands over: raw per-bucket counters. */
export interface RawSimRun {
  durationMs: number;
  bucketMs: number;
  seed: number;
  maxTotalConcurrency: number;
  functions: {
    name: string;
    counters: { invocations: Int32Array; coldStarts: Int32Array; throttles: Int32Array; concurrency: Int32Array; environmentDelta: Int32Array; gbSeconds: Record<BillingRule, Float64Array> };
    maxConcurrency: number;
    environmentsCreated: number;
  }[];
  invocations: SimInvocation[];
  price(requests: number, gbSeconds: number, rule: BillingRule): number;
}

const sum = (values: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s;
};

const dollars = (amount: number): string => `$${amount < 0.01 && amount > 0 ? amount.toFixed(6) : amount.toFixed(2)}`;

/** Turns the loop's counters into rows a chart or a table can use. */
export function lambdaSimResult(run: RawSimRun): LambdaSimResult {
  const series: SimPoint[] = [];
  const functions: SimFunctionTotals[] = [];
  for (const fn of run.functions) {
    const c = fn.counters;
    let environments = 0;
    for (let b = 0; b < c.invocations.length; b++) {
      environments += c.environmentDelta[b]!;
      series.push({
        timeMs: b * run.bucketMs,
        function: fn.name,
        invocations: c.invocations[b]!,
        coldStarts: c.coldStarts[b]!,
        throttles: c.throttles[b]!,
        concurrency: c.concurrency[b]!,
        environments,
        cost: run.price(c.invocations[b]!, c.gbSeconds.current[b]!, "current"),
        cost2019: run.price(c.invocations[b]!, c.gbSeconds["2019"][b]!, "2019"),
      });
    }
    const invocations = sum(c.invocations);
    const gbSeconds = { "2019": sum(c.gbSeconds["2019"]), current: sum(c.gbSeconds.current) };
    functions.push({
      function: fn.name,
      invocations,
      coldStarts: sum(c.coldStarts),
      throttles: sum(c.throttles),
      environmentsCreated: fn.environmentsCreated,
      maxConcurrency: fn.maxConcurrency,
      gbSeconds,
      cost: { "2019": run.price(invocations, gbSeconds["2019"], "2019"), current: run.price(invocations, gbSeconds.current, "current") },
    });
  }
  const total = {
    invocations: functions.reduce((s, f) => s + f.invocations, 0),
    coldStarts: functions.reduce((s, f) => s + f.coldStarts, 0),
    throttles: functions.reduce((s, f) => s + f.throttles, 0),
    maxConcurrency: run.maxTotalConcurrency,
    cost: { "2019": functions.reduce((s, f) => s + f.cost["2019"], 0), current: functions.reduce((s, f) => s + f.cost.current, 0) },
  };
  return {
    durationMs: run.durationMs,
    bucketMs: run.bucketMs,
    seed: run.seed,
    series,
    functions,
    total,
    invocations: run.invocations,
    toMimeBundle: (): MimeBundle =>
      table(
        functions.map((f) => ({
          function: f.function,
          invocations: f.invocations.toLocaleString("en-US"),
          "cold starts": f.coldStarts.toLocaleString("en-US"),
          throttles: f.throttles.toLocaleString("en-US"),
          "max concurrency": f.maxConcurrency,
          environments: f.environmentsCreated,
          "cost today": dollars(f.cost.current),
          "cost (2019 rules)": dollars(f.cost["2019"]),
        })),
      ).toMimeBundle() as MimeBundle,
  };
}
