import { MinicloudError } from "../core/errors.js";
import type { Displayable, MimeBundle } from "../viz/mime-bundle.js";
import { checkResultBundle, type CheckResult } from "./check-result.js";
import { checkParameterChoices, drawParameters, type ExerciseParameterValues, type ParameterChoices } from "./exercise-parameters.js";
import { recordCheck } from "./progress/progress-store.js";

/** An exercise's public check: takes the learner's answer, returns what it found. */
export interface Exercise {
  id: string;
  title: string;
  check(answer: unknown): Promise<CheckResult>;
  /** Values drawn per student (see {@link exerciseParameters}), so each student gets their own numbers. */
  parameters?: ParameterChoices;
}

const exercises = new Map<string, Exercise>();

/**
 * Adds exercises to the registry that `check(id, answer)` looks in. An id is defined once and its exercise
 * is frozen: a notebook cannot swap a graded exercise's check for one that always passes.
 */
export function defineExercises(...list: Exercise[]): void {
  for (const exercise of list) {
    const known = exercises.get(exercise.id);
    if (known !== undefined && known !== exercise) {
      throw new MinicloudError("ResourceConflictException", `Exercise "${exercise.id}" is already defined; give yours another id.`, { field: "id" });
    }
  }
  for (const exercise of list) {
    if (exercise.parameters !== undefined) checkParameterChoices(exercise.id, exercise.parameters);
    exercises.set(exercise.id, Object.freeze(exercise));
  }
}

/** The exercise `check` knows by this id, if any. */
export function findExercise(exerciseId: string): Exercise | undefined {
  return exercises.get(exerciseId);
}

function knownExercise(exerciseId: string): Exercise {
  const exercise = exercises.get(exerciseId);
  if (exercise === undefined) {
    throw new MinicloudError("ResourceNotFoundException", `No exercise "${exerciseId}"; the ids are: ${exerciseIds().join(", ")}.`, { field: "exerciseId" });
  }
  return exercise;
}

/**
 * A student's own values for an exercise's parameters: the same student id always gives the same
 * values, so a notebook, its checks and the grader all agree.
 * @example exerciseParameters("a0-bill", "alice") // { durationMs: 250, memoryMB: 1024, requestsPerMonth: 5000000 }
 */
export function exerciseParameters(exerciseId: string, studentId: string): ExerciseParameterValues {
  const exercise = knownExercise(exerciseId);
  if (exercise.parameters === undefined) {
    throw new MinicloudError("InvalidParameterValueException", `Exercise "${exerciseId}" has no parameters; every student gets the same exercise.`, { field: "exerciseId" });
  }
  return drawParameters(exerciseId, studentId, exercise.parameters);
}

/** The ids of every exercise `check` knows. */
export function exerciseIds(): string[] {
  return [...exercises.keys()].sort();
}

/** What the stub of an unwritten answer throws (nbgrader's TypeScript stub: `throw new Error("not implemented")`). */
const STUB_MESSAGE = "not implemented";

/**
 * Whether the answer is still the stub: it threw the stub's error, or the first input it was given did.
 * Such an answer gets no counterexample and no hint, so a learner who runs the notebook from the top
 * does not meet the expected value before making a prediction of their own.
 */
function isUnwritten(result: CheckResult, thrown: unknown): boolean {
  if (thrown !== undefined) return thrown instanceof Error && thrown.message === STUB_MESSAGE;
  return result.counterexample?.actual === `threw Error: ${STUB_MESSAGE}`;
}

/** A check result that shows itself as a feedback panel in a notebook. */
export type CheckFeedback = CheckResult & Displayable;

/**
 * Runs an exercise's public checks on your answer and shows what they found: which input went wrong
 * first, what minicloud expected, and a hint.
 * @example await check("01-density", howManyFit)
 */
export async function check(exerciseId: string, answer: unknown): Promise<CheckFeedback> {
  const exercise = knownExercise(exerciseId);
  let result: CheckResult;
  let thrown: unknown;
  try {
    result = await exercise.check(answer);
  } catch (error) {
    // A crash inside the learner's code is feedback, not a failure of the check.
    thrown = error;
    result = {
      exercise: exercise.id,
      title: exercise.title,
      passed: false,
      message: `Checking stopped with an error: ${error instanceof Error ? error.message : String(error)}`,
      checks: 0,
    };
  }
  if (isUnwritten(result, thrown)) {
    result = {
      exercise: exercise.id,
      title: exercise.title,
      passed: false,
      message: `Not written yet: your answer still throws "${STUB_MESSAGE}". Replace that line with your code, then run this check again.`,
      checks: 0,
    };
  }
  try {
    recordCheck(result);
  } catch {
    // Progress is a convenience: a home folder that cannot be written must not turn a check into a failure.
  }
  return { ...result, toMimeBundle: (): MimeBundle => checkResultBundle(result) };
}
