// The shape of the assignment's predict-and-explain exercises: a general function, compared with the
// library on generated inputs (the student's own case tried first), then the student's own prediction,
// compared with what the library gives for their numbers. The answer is `{ student, <general>, <own> }`.
import { isDeepStrictEqual } from "node:util";
import type { Arbitrary } from "fast-check";
import { verdict, type CheckResult } from "../check-result.js";
import { compareWithReference, show } from "../compare-with-reference.js";
import type { ExerciseParameterValues, ParameterChoices } from "../exercise-parameters.js";
import type { Exercise } from "../exercise-registry.js";
import { readStudentAnswer } from "./student-answer.js";

/** What the student's own numbers make of the exercise. */
export interface OwnCase<Args, T> {
  /** Inputs the general function is tried on first. */
  examples: Args[];
  /** What the library gives for the student's numbers: what their prediction must be. */
  expected: () => T | Promise<T>;
  /** The student's numbers, as the counterexample's input shows them. */
  describe: string;
}

/** An exercise of that shape. */
export interface GeneralThenYours<Args extends unknown[], Result, T> {
  id: string;
  title: string;
  hint: string;
  parameters: ParameterChoices;
  /** The answer's parts: the general function's name and the prediction's, e.g. `layout`, `yourLayout`. */
  general: string;
  own: string;
  reference: (...args: Args) => Result | Promise<Result>;
  inputs: (fc: typeof import("fast-check")) => Arbitrary<Args>;
  equals?: (actual: Result, expected: Result) => boolean;
  /** Generated inputs in the public check (a hidden check may ask for more). */
  runs: number;
  mine: (values: ExerciseParameterValues) => OwnCase<Args, T>;
  ownEquals?: (actual: unknown, expected: T) => boolean;
}

/** Reads what the learner predicted: its value, or how it threw (a stub does). */
async function prediction(read: () => Promise<unknown>): Promise<{ value?: unknown; threw?: string }> {
  try {
    return { value: await read() };
  } catch (error) {
    return { threw: `threw ${error instanceof Error ? `${error.name}: ${error.message}` : show(error)}` };
  }
}

/** Builds the exercise: the general function is checked first (its counterexample teaches most), then the prediction. */
export function generalThenYoursExercise<Args extends unknown[], Result, T>(spec: GeneralThenYours<Args, Result, T>): Exercise {
  const check = async (answer: unknown): Promise<CheckResult> => {
    const a = readStudentAnswer(spec.id, spec.parameters, answer, [spec.general, spec.own]);
    const mine = spec.mine(a.mine);
    const result = await compareWithReference<Args, Result>({
      exercise: spec.id,
      title: spec.title,
      learner: a.fn<Args, Result>(spec.general),
      reference: spec.reference,
      inputs: spec.inputs,
      examples: mine.examples,
      hint: spec.hint,
      runs: a.runs ?? spec.runs,
      ...(spec.equals ? { equals: spec.equals } : {}),
      ...(a.seed !== undefined ? { seed: a.seed } : {}),
    });
    if (!result.passed) return result;
    const expected = await mine.expected();
    const given = await prediction(() => a.value(spec.own));
    const equals = spec.ownEquals ?? ((x: unknown, y: T) => isDeepStrictEqual(x, y));
    const name = `${spec.own}()`;
    if (given.threw === undefined && equals(given.value, expected)) {
      return { ...result, message: `${result.message} ${name} is right for your numbers too.` };
    }
    return {
      ...verdict(spec.id, spec.title, false, `Your general function agrees with minicloud, but ${name} does not match what minicloud gives for your numbers:`, spec.hint, result.checks + 1),
      counterexample: { input: mine.describe, expected: show(expected), actual: given.threw ?? show(given.value) },
    };
  };
  return { id: spec.id, title: spec.title, parameters: spec.parameters, check };
}
