import { inspect } from "node:util";
import type { Arbitrary } from "fast-check";
import type { CheckResult } from "./check-result.js";

/** What {@link compareWithReference} needs: the learner's function, the library's, and how to make inputs. */
export interface Comparison<Args extends unknown[], Result> {
  exercise: string;
  title: string;
  learner: (...args: Args) => Result | Promise<Result>;
  /** May be async: some references run the library on a virtual clock. */
  reference: (...args: Args) => Result | Promise<Result>;
  /** Builds the input generator; fast-check is passed in so it loads only when a check runs. */
  inputs: (fc: typeof import("fast-check")) => Arbitrary<Args>;
  hint: string;
  /** How many generated inputs (default 200). */
  runs?: number;
  /** Fixed by default, so every learner sees the same first counterexample for the same mistake. */
  seed?: number;
  /** How answers are compared (default: deep equality). */
  equals?: (actual: Result, expected: Result) => boolean;
  /** Inputs tried before the generated ones, e.g. a student's own numbers. */
  examples?: Args[];
}

/** A value as feedback shows it: on one line (long arrays too), four levels deep. */
export const show = (value: unknown): string => inspect(value, { depth: 4, breakLength: Infinity, compact: true });

/**
 * The names of a function's parameters as its source spells them, or undefined when any is not a plain
 * name (a default, a destructuring, a rest parameter): feedback then shows the inputs by position.
 */
export function parameterNames(fn: (...args: never[]) => unknown): string[] | undefined {
  const source = Function.prototype.toString.call(fn);
  const list = /^[^(=]*\(([^)]*)\)/.exec(source)?.[1] ?? /^(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/.exec(source)?.[1];
  if (list === undefined) return undefined;
  const names = list.split(",").map((name) => name.trim()).filter((name) => name !== "");
  return names.every((name) => /^[A-Za-z_$][\w$]*$/.test(name)) ? names : undefined;
}

/** A counterexample's arguments, each under the learner's own name for it when their function has one per argument. */
function describeInput(args: unknown[], names: string[] | undefined): string {
  return names?.length === args.length ? args.map((value, i) => `${names[i]} = ${show(value)}`).join(", ") : args.map(show).join(", ");
}

async function callLearner<Args extends unknown[], Result>(
  learner: (...args: Args) => Result | Promise<Result>,
  args: Args,
): Promise<{ threw: boolean; value: unknown }> {
  try {
    return { threw: false, value: await learner(...args) };
  } catch (error) {
    return { threw: true, value: error instanceof Error ? `${error.name}: ${error.message}` : show(error) };
  }
}

/**
 * Checks a learner's function against the library's reference on many generated inputs and reports
 * the first (smallest, after shrinking) input where they differ. No answer key is a fixed value.
 */
export async function compareWithReference<Args extends unknown[], Result>(c: Comparison<Args, Result>): Promise<CheckResult> {
  const fc = await import("fast-check");
  const { isDeepStrictEqual } = await import("node:util");
  const equals = c.equals ?? ((a: Result, b: Result) => isDeepStrictEqual(a, b));
  const runs = c.runs ?? 200;
  const outcome = await fc.check(
    fc.asyncProperty(c.inputs(fc), async (args) => {
      const actual = await callLearner(c.learner, args);
      return !actual.threw && equals(actual.value as Result, await c.reference(...args));
    }),
    { numRuns: runs, seed: c.seed ?? 20190601, ...(c.examples ? { examples: c.examples.map((e): [Args] => [e]) } : {}) },
  );
  if (!outcome.failed) {
    return { exercise: c.exercise, title: c.title, passed: true, message: `Your answer agrees with minicloud on ${outcome.numRuns} generated inputs.`, checks: outcome.numRuns };
  }
  // fast-check has shrunk the failing input to a small one: that is the one worth showing.
  const input = outcome.counterexample![0];
  const actual = await callLearner(c.learner, input);
  return {
    exercise: c.exercise,
    title: c.title,
    passed: false,
    message: `Your answer differs from minicloud's for this input${outcome.numRuns > 1 ? ` (found after ${outcome.numRuns} inputs)` : ""}:`,
    counterexample: {
      input: describeInput(input, parameterNames(c.learner)),
      expected: show(await c.reference(...input)),
      actual: actual.threw ? `threw ${actual.value}` : show(actual.value),
    },
    hint: c.hint,
    checks: outcome.numRuns,
  };
}

/**
 * The learner's answer as a value: a value as given, or what a function of no arguments returns — so an
 * answer written as `function answer() { … }` can hold a solution region and still be checked.
 */
export async function answerValue(answer: unknown): Promise<unknown> {
  return typeof answer === "function" && answer.length === 0 ? await (answer as () => unknown)() : answer;
}

/** The learner's answer as a function, or an error that says to pass the function itself (by its name in the notebook). */
export function asFunction<Args extends unknown[], Result>(answer: unknown, name: string): (...args: Args) => Result {
  if (typeof answer !== "function") throw new TypeError(`pass your function itself, e.g. check("…", ${name}); got ${typeof answer}`);
  return answer as (...args: Args) => Result;
}
