// Exercises of notebook 05-lambda-scaling: how many environments a steady load needs, what a second
// burst gets throttled, and when a quiet function starts cold. The simulator is the oracle: each
// reference answer comes from simulateLambda on the generated input, not from a formula.
import { simulateLambda } from "../../sim/lambda-sim.js";
import type { SimulatedFunction } from "../../sim/lambda-model.js";
import type { Comparison } from "../compare-with-reference.js";
import { comparisonExercise } from "./comparison-exercise.js";
import type { Exercise } from "../exercise-registry.js";

/** A function whose every run lasts exactly `runMs` and whose INIT takes no time, so answers are exact. */
function exact(runMs: number, arrivals: SimulatedFunction["arrivals"], reservedConcurrency?: number): SimulatedFunction {
  // At 1,769 MB the model's run time is the CPU time itself.
  return { name: "exercise", memoryMB: 1769, cpuMs: runMs, initCpuMs: 0, initIoMs: 0, variability: 0, arrivals, ...(reservedConcurrency === undefined ? {} : { reservedConcurrency }) };
}

/** The most invocations at once under a steady load of `perSecond` events of `runMs` each. */
function peakConcurrency(perSecond: number, runMs: number): number {
  // An account limit far above the load: this exercise is about the load, not the limit.
  return simulateLambda({ durationMs: 2 * runMs + 2000, accountConcurrency: 100_000, functions: [exact(runMs, { type: "constant", perSecond })] }).functions[0]!.maxConcurrency;
}

/** Events throttled when a burst of `second` follows one of `first` after `gapMs`, with a limit of `limit`. */
function throttledEvents(first: number, second: number, gapMs: number, runMs: number, limit: number): number {
  const arrivals = { type: "bursts" as const, bursts: [{ atMs: 0, count: first }, { atMs: gapMs, count: second }] };
  return simulateLambda({ durationMs: gapMs + 1, functions: [exact(runMs, arrivals, limit)] }).functions[0]!.throttles;
}

/** Cold starts of a function invoked at `timestampsMs` (never two at once), with idle environments reclaimed after `idleReclaimMs`. */
function coldStartsOf(timestampsMs: number[], runMs: number, idleReclaimMs: number): number {
  const last = timestampsMs[timestampsMs.length - 1] ?? 0;
  return simulateLambda({ durationMs: last + 1, idleReclaimMs, functions: [exact(runMs, { type: "trace", timestampsMs })] }).functions[0]!.coldStarts;
}

/** An exercise whose answer is a function of numbers, checked against the simulator on generated inputs. */
function simulatorExercise<Args extends unknown[]>(id: string, title: string, name: string, reference: (...args: Args) => number, inputs: Comparison<Args, number>["inputs"], hint: string): Exercise {
  return comparisonExercise<Args, number>(id, title, name, { reference, inputs, hint });
}

export const lambdaScalingExercises: Exercise[] = [
  simulatorExercise<[number, number]>(
    "05-concurrency",
    "How many at once?",
    "concurrencyNeeded",
    peakConcurrency,
    (fc) =>
      fc
        .tuple(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 4000 }))
        // An exact multiple would make the answer hinge on which of two simultaneous events comes first.
        .filter(([perSecond, runMs]) => (perSecond * runMs) % 1000 !== 0),
    "Each event keeps an environment busy for runMs; a new one arrives every 1000 / perSecond ms. How many arrive while the first is still running? (Little's law: concurrency = rate × duration — and you cannot run part of an invocation.)",
  ),
  simulatorExercise<[number, number, number, number, number]>(
    "05-throttles",
    "Two bursts against a concurrency limit",
    "throttled",
    throttledEvents,
    (fc) => fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 0, max: 40 })),
    "A burst gets at most `limit` invocations; the rest are throttled. When the second burst comes, are the first burst's invocations still running (gapMs < runMs)? Those still hold part of the limit.",
  ),
  simulatorExercise<[number[], number, number]>(
    "05-cold-starts",
    "When does a quiet function start cold?",
    "coldStarts",
    coldStartsOf,
    (fc) =>
      fc
        .tuple(fc.integer({ min: 1, max: 500 }), fc.constantFrom(1000, 60_000, 300_000, 600_000))
        .chain(([runMs, idle]) =>
          fc.tuple(
            fc
              // Each gap leaves the environment idle for `extra` ms after the previous run; reclaim
              // exactly at the limit is among the cases, since > against ≥ is the usual slip.
              .array(fc.oneof(fc.integer({ min: 1, max: 2 * idle }), fc.constant(idle), fc.constant(idle - 1)), { minLength: 0, maxLength: 12 })
              .map((extras) => {
                const times = [0];
                for (const extra of extras) times.push(times[times.length - 1]! + runMs + extra);
                return times;
              }),
            fc.constant(runMs),
            fc.constant(idle),
          ),
        ),
    "The environment becomes idle when a run ends (start + runMs). If it has been idle for idleReclaimMs or more when the next event arrives, Lambda has reclaimed it and the event starts cold. The very first event is always cold.",
  ),
];
