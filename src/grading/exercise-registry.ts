import { MinicloudError } from "../core/errors.js";
import type { Displayable, MimeBundle } from "../viz/mime-bundle.js";
import { checkResultBundle, type CheckResult } from "./check-result.js";

/** An exercise's public check: takes the learner's answer, returns what it found. */
export interface Exercise {
  id: string;
  title: string;
  check(answer: unknown): Promise<CheckResult>;
}

const exercises = new Map<string, Exercise>();

/** Adds exercises to the registry that `check(id, answer)` looks in. */
export function defineExercises(...list: Exercise[]): void {
  for (const exercise of list) exercises.set(exercise.id, exercise);
}

/** The ids of every exercise `check` knows. */
export function exerciseIds(): string[] {
  return [...exercises.keys()].sort();
}

/** A check result that shows itself as a feedback panel in a notebook. */
export type CheckFeedback = CheckResult & Displayable;

/**
 * Runs an exercise's public checks on your answer and shows what they found: which input went wrong
 * first, what minicloud expected, and a hint.
 * @example await check("01-density", howManyFit)
 */
export async function check(exerciseId: string, answer: unknown): Promise<CheckFeedback> {
  const exercise = exercises.get(exerciseId);
  if (exercise === undefined) {
    throw new MinicloudError("ResourceNotFoundException", `No exercise "${exerciseId}"; the ids are: ${exerciseIds().join(", ")}.`, { field: "exerciseId" });
  }
  let result: CheckResult;
  try {
    result = await exercise.check(answer);
  } catch (error) {
    // A crash inside the learner's code is feedback, not a failure of the check.
    result = {
      exercise: exercise.id,
      title: exercise.title,
      passed: false,
      message: `Checking stopped with an error: ${error instanceof Error ? error.message : String(error)}`,
      checks: 0,
    };
  }
  return { ...result, toMimeBundle: (): MimeBundle => checkResultBundle(result) };
}
