// Exercises of notebook 06-lambda-pricing: a monthly bill, the break-even point with a server, and the
// memory size that costs least — each checked against the pricing module on generated inputs.
import { LAMBDA_CURRENT } from "../../pricing/price-tables.js";
import { lambdaCost } from "../../pricing/calculators.js";
import { cheapestMemory } from "../../pricing/memory-speed.js";
import { asFunction, compareWithReference } from "../compare-with-reference.js";
import type { Exercise } from "../exercise-registry.js";

type Rule = "2019" | "current";

/** Requests per month at which Lambda (today's rule, x86, no free tier) costs what a server does. */
export function breakEvenRequests(durationMs: number, memoryMB: number, serverPerMonth: number): number {
  const perRequest = lambdaCost({ requests: 1, durationMs, memoryMB }).total;
  return serverPerMonth / perRequest;
}

const closeEnough = (actual: number, expected: number): boolean => typeof actual === "number" && Math.abs(actual - expected) <= Math.max(1e-9, Math.abs(expected) * 1e-3);
const MEMORY_SIZES = [128, 256, 512, 1024, 1769, 3008];

export const lambdaPricingExercises: Exercise[] = [
  {
    id: "06-monthly-cost",
    title: "A month of Lambda, in dollars",
    check: (answer) =>
      compareWithReference<[number, number, number, Rule], number>({
        exercise: "06-monthly-cost",
        title: "A month of Lambda, in dollars",
        learner: asFunction<[number, number, number, Rule], number>(answer, "monthlyCost"),
        reference: (requests, durationMs, memoryMB, rule) => lambdaCost({ requests, durationMs, memoryMB, rule }).total,
        inputs: (fc) =>
          fc.tuple(
            fc.integer({ min: 1, max: 50_000_000 }),
            fc.double({ min: 0.5, max: 30_000, noNaN: true }).map((d) => Math.round(d * 10) / 10),
            fc.constantFrom(128, 256, 512, 1024, 2048, 3008),
            fc.constantFrom<Rule>("2019", "current"),
          ),
        equals: closeEnough,
        hint: `Requests cost $0.20 per million; duration costs $${LAMBDA_CURRENT.perGbSecond.x86_64[0]!.price} per GB-second, where the duration is rounded up first (100 ms in 2019, 1 ms today) and GB is memory in MB / 1024.`,
      }),
  },
  {
    id: "06-break-even",
    title: "When does a server become cheaper?",
    check: (answer) =>
      compareWithReference<[number, number, number], number>({
        exercise: "06-break-even",
        title: "When does a server become cheaper?",
        learner: asFunction<[number, number, number], number>(answer, "breakEven"),
        reference: breakEvenRequests,
        inputs: (fc) =>
          fc.tuple(fc.integer({ min: 1, max: 5000 }), fc.constantFrom(128, 512, 1024, 2048), fc.integer({ min: 5, max: 2000 })),
        equals: closeEnough,
        hint: "Work out what one invocation costs (its request plus its GB-seconds, today's 1 ms rule); the server's monthly price divided by that is the break-even number of requests.",
      }),
  },
  {
    id: "06-cheapest-memory",
    title: "Which memory size costs least?",
    check: (answer) =>
      compareWithReference<[number, number, Rule], number>({
        exercise: "06-cheapest-memory",
        title: "Which memory size costs least?",
        learner: asFunction<[number, number, Rule], number>(answer, "cheapest"),
        reference: (cpuMs, ioMs, rule) => cheapestMemory(cpuMs, ioMs, MEMORY_SIZES, rule),
        inputs: (fc) => fc.tuple(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 0, max: 500 }), fc.constantFrom<Rule>("2019", "current")),
        hint: "Try every size: the run time shrinks with memory only for the CPU part, and each size is billed memory × rounded-up duration. The smallest size wins a tie.",
      }),
  },
];
