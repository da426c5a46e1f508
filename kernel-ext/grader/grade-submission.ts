// One submission through the grader's steps, in order: read → the student's own layout → match cells →
// restore locked cells → insert hidden checks → execute → score. Every failure becomes feedback in the grade; nothing throws
// past this function except a bug, and the kernel and its sandbox are always removed.
import {
  insertHiddenChecks,
  matchCells,
  restoreLockedCells,
  scoreExercises,
  studentLayout,
  submissionGrade,
  type AssignmentLayout,
  type ExerciseGrade,
  type FeedbackItem,
  type GradingNotebook,
  type SubmissionGrade,
} from "minicloud";
import { readNotebook } from "../runner/nbformat-io.js";
import { executeGradingNotebook, type ExecuteLimits } from "./execute-step.js";
import type { KernelSource } from "./kernel-pool.js";

/** One submission to grade: whose it is and where it is. */
export interface Submission {
  student: string;
  path: string;
}

/** How to grade: the assignment and the limits. */
export interface GradeOptions {
  layout: AssignmentLayout;
  limits: ExecuteLimits;
}

function allZero(layout: AssignmentLayout, item: FeedbackItem): ExerciseGrade[] {
  return layout.exercises.map((e) => ({ id: e.id, points: 0, maxPoints: e.points, passed: false, checks: [], feedback: [item] }));
}

/** Grades one submission in a fresh kernel from `kernels`. */
export async function gradeSubmission(submission: Submission, kernels: KernelSource, options: GradeOptions): Promise<SubmissionGrade> {
  const started = Date.now();
  // Per-student numbers: the read-only cells and checks of this student's own copy.
  const layout = studentLayout(options.layout, submission.student);
  const finish = (sandbox: string, exercises: ExerciseGrade[], feedback: FeedbackItem[]): SubmissionGrade =>
    submissionGrade({ student: submission.student, submission: submission.path, assignment: layout.name, sandbox, durationMs: Date.now() - started, exercises, feedback });

  let notebook: GradingNotebook;
  try {
    notebook = readNotebook(submission.path) as GradingNotebook;
  } catch (error) {
    const item = { place: "notebook", rule: "unreadable-notebook", reason: (error as Error).message };
    return finish("none", allZero(layout, item), [item]);
  }
  const match = matchCells(layout, notebook);
  const restored = restoreLockedCells(layout, notebook, match);
  const run = insertHiddenChecks(layout, restored.notebook, submission.student);
  const feedback = [...match.feedback, ...restored.feedback];

  try {
    // The runner stops the kernel, whatever happens, once it has it.
    const executed = await executeGradingNotebook(run.notebook, await kernels.acquire(), options.limits, !kernels.killEndsAll);
    if (executed.run.status !== "ok" && executed.run.status !== "error") {
      feedback.push({ place: `code cell ${executed.run.failedCell ?? "?"}`, rule: `run-${executed.run.status}`, reason: `${executed.run.message ?? executed.run.status}; what did not complete scores zero.` });
    }
    return finish(kernels.kind, scoreExercises(layout, match, executed.cells, run.graderCells), feedback);
  } catch (error) {
    // The kernel could not even start: every exercise scores zero, with the reason.
    const item = { place: "notebook", rule: "kernel-failed", reason: `the grader could not run this notebook: ${(error as Error).message}` };
    return finish(kernels.kind, allZero(layout, item), [...feedback, item]);
  }
}
