import type { Clock } from "../core/clock.js";
import { MinicloudError } from "../core/errors.js";
import type { FunctionRecord } from "./function-store.js";
import type { LambdaMetrics } from "./metrics.js";

/**
 * Lambda's concurrency: each invocation in flight holds one unit, out of the function's reserved
 * concurrency (when set) and the account's limit; without one it is throttled with a 429.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html
 */
export function createConcurrency(metrics: LambdaMetrics, clock: Clock, accountConcurrency: number) {
  // A running count (not a sum over functions): an invocation of a function deleted meanwhile still runs.
  let inFlight = 0;
  return {
    /** Invocations running now, across every function. */
    get inFlight(): number {
      return inFlight;
    },
    /** Takes a unit of concurrency for an invocation, or throttles it as Lambda does (429). */
    admit(fn: FunctionRecord): void {
      const throttle = (reason: string): MinicloudError => {
        metrics.record(fn.name, "Throttles", clock.now(), 1);
        return new MinicloudError("TooManyRequestsException", "Rate Exceeded.", { statusCode: 429, field: reason });
      };
      if (fn.reservedConcurrency !== undefined && fn.inFlight >= fn.reservedConcurrency) throw throttle("ReservedFunctionConcurrentInvocationLimitExceeded");
      if (inFlight >= accountConcurrency) throw throttle("ConcurrentInvocationLimitExceeded");
      fn.inFlight++;
      inFlight++;
      metrics.record(fn.name, "ConcurrentExecutions", clock.now(), fn.inFlight);
    },
    /** Gives back the unit of concurrency an invocation took. */
    release(fn: FunctionRecord): void {
      fn.inFlight--;
      inFlight--;
      metrics.record(fn.name, "ConcurrentExecutions", clock.now(), fn.inFlight);
    },
  };
}
