// A graded submission as Gradescope's autograder results.json, so an assignment runs on Gradescope's
// infrastructure. Format: https://gradescope-autograders.readthedocs.io/en/latest/specs/#output-format
// One test per exercise (score, max_score, status); the top-level score is the final score, which
// overrides the tests' total, so a late penalty shows as the difference plus an informational test.
import type { SubmissionGrade } from "../batch/types.js";
import type { CheckVisibility } from "../batch/student-exercise.js";
import { capText, exerciseText, notebookFindings, scoreLine } from "./student-view.js";

/** When Gradescope shows a result to the student (its `visibility` values). */
export type GradescopeVisibility = "hidden" | "after_due_date" | "after_published" | "visible";

/** One test case of a Gradescope result. */
export interface GradescopeTest {
  name: string;
  number?: string;
  score?: number;
  max_score?: number;
  status: "passed" | "failed";
  output: string;
  output_format?: "text";
  visibility: GradescopeVisibility;
}

/** Gradescope's results.json. */
export interface GradescopeResults {
  score: number;
  /** Seconds. */
  execution_time?: number;
  output: string;
  output_format: "text";
  visibility: GradescopeVisibility;
  stdout_visibility: GradescopeVisibility;
  tests: GradescopeTest[];
  extra_data?: Record<string, unknown>;
}

/**
 * A graded submission as Gradescope's results.json: a test per exercise, hidden checks named but never
 * shown, the late penalty (if any) as the gap between the tests' total and the score. `stdout` (the
 * grader's log) stays for instructors only.
 */
export function gradescopeResults(grade: SubmissionGrade, visibility: ReadonlyMap<string, CheckVisibility>): GradescopeResults {
  const tests: GradescopeTest[] = grade.exercises.map((e, i) => ({
    name: e.id,
    number: String(i + 1),
    score: e.points,
    max_score: e.maxPoints,
    status: e.passed ? "passed" : "failed",
    output: exerciseText(e, visibility.get(e.id)),
    // Output is plain text: a student's values in it must never be read as HTML.
    output_format: "text",
    visibility: "visible",
  }));
  if (grade.late !== undefined) {
    const late = grade.late;
    tests.push({ name: "Late submission", status: late.penaltyPercent > 0 ? "failed" : "passed", output: capText(`${late.summary}\nsubmitted ${late.submittedAt}, due ${late.dueAt}`), output_format: "text", visibility: "visible" });
  }
  return {
    score: grade.points,
    execution_time: Math.round(grade.durationMs / 1000),
    output: [scoreLine(grade), notebookFindings(grade)].filter((t) => t !== "").join("\n"),
    output_format: "text",
    visibility: "visible",
    stdout_visibility: "hidden",
    tests,
    extra_data: { assignment: grade.assignment, student: grade.student, gradedAt: grade.gradedAt, ...(grade.late ? { rawPoints: grade.late.rawPoints, penaltyPercent: grade.late.penaltyPercent } : {}) },
  };
}

/** The result when the grader could not grade at all: zero, and why, so the student never sees a silent failure. */
export function gradescopeFailure(reason: string): GradescopeResults {
  return { score: 0, output: capText(reason), output_format: "text", visibility: "visible", stdout_visibility: "hidden", tests: [] };
}
