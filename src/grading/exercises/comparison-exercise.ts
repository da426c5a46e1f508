import { asFunction, compareWithReference, type Comparison } from "../compare-with-reference.js";
import type { Exercise } from "../exercise-registry.js";

/**
 * An exercise whose answer is a function, checked against a reference from the library on generated
 * inputs; `name` is what the notebook calls the learner's function, for the "pass your function" message.
 */
export function comparisonExercise<Args extends unknown[], Result>(
  id: string,
  title: string,
  name: string,
  c: Pick<Comparison<Args, Result>, "reference" | "inputs" | "hint"> & { equals?: (actual: Result, expected: Result) => boolean },
): Exercise {
  return { id, title, check: (answer) => compareWithReference<Args, Result>({ exercise: id, title, learner: asFunction<Args, Result>(answer, name), ...c }) };
}
