// A graded submission as a PrairieLearn external grader's results.json.
// Format: https://prairielearn.readthedocs.io/en/latest/externalGrading/#grading-results — `score` from
// 0 to 1, `gradable: false` (with `format_errors`) when the submission cannot be read, and `tests` with
// name, points, max_points, message and output for the <pl-external-grader-results> element.
import type { SubmissionGrade } from "../batch/types.js";
import type { CheckVisibility } from "../batch/student-exercise.js";
import { capText, exerciseText, notebookFindings, scoreLine } from "./student-view.js";

/** One test of a PrairieLearn result. */
export interface PrairieLearnTest {
  name: string;
  description?: string;
  points: number;
  max_points: number;
  message: string;
  output: string;
}

/** PrairieLearn's results.json. */
export type PrairieLearnResults =
  | { gradable: true; score: number; message: string; output: string; tests: PrairieLearnTest[] }
  | { gradable: false; format_errors: string[]; message: string };

// Findings that mean the file handed in is not a notebook the grader can read: PrairieLearn then marks
// the submission "invalid, not gradable" and does not count the attempt, which is fairer than a zero.
const NOT_GRADABLE = new Set(["unreadable-notebook"]);

/** A submission PrairieLearn should mark invalid (no points, no attempt used), with what to fix. */
export function prairielearnNotGradable(errors: string[]): PrairieLearnResults {
  return { gradable: false, format_errors: errors.map(capText), message: "The notebook could not be graded; see the errors below, fix them and submit again." };
}

/** A graded submission as PrairieLearn's results.json: a test per exercise, hidden checks named but never shown. */
export function prairielearnResults(grade: SubmissionGrade, visibility: ReadonlyMap<string, CheckVisibility>): PrairieLearnResults {
  const unreadable = grade.feedback.filter((f) => NOT_GRADABLE.has(f.rule));
  if (unreadable.length > 0) return prairielearnNotGradable(unreadable.map((f) => f.reason));
  // An assignment worth nothing has nothing to lose: full marks when every exercise passed.
  const score = grade.maxPoints > 0 ? grade.points / grade.maxPoints : grade.exercises.every((e) => e.passed) ? 1 : 0;
  return {
    gradable: true,
    score: Math.min(1, Math.max(0, Math.round(score * 10_000) / 10_000)),
    message: scoreLine(grade),
    output: notebookFindings(grade),
    tests: grade.exercises.map((e) => ({
      name: e.id,
      points: e.points,
      max_points: e.maxPoints,
      message: e.passed ? "passed" : "not passed",
      output: exerciseText(e, visibility.get(e.id)),
    })),
  };
}
