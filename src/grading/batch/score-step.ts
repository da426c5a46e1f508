// Step 5: turn what the kernel reported into points. Fail closed: an exercise earns its points only when
// its grader cell (in the check cell's place) ran without an error AND its signed report says every check passed.
// Anything the grader cannot read — no report, a forged one, a kernel that died first — scores zero, with the reason.
import { checkCellError, readGraderReport } from "./grader-cell.js";
import type { GraderCellRef } from "./insert-hidden-checks-step.js";
import type { CellMatch } from "./match-cells-step.js";
import type { AssignmentLayout, ExecutedCell, ExerciseGrade, FeedbackItem } from "./types.js";

function notRunReason(cell: ExecutedCell | undefined): string {
  if (cell === undefined || cell.status === "not-run") return "it never ran (an earlier cell stopped the notebook)";
  switch (cell.status) {
    case "timeout":
      return `it ran out of time (${cell.error ?? "timeout"})`;
    case "dead-kernel":
      return `the kernel died while it ran (${cell.error ?? "dead kernel"})`;
    case "output-limit":
      return "the notebook wrote too much output and was stopped";
    default:
      return cell.error === undefined ? "it failed" : checkCellError(cell.error);
  }
}

/** Scores every exercise from the executed cells. */
export function scoreExercises(layout: AssignmentLayout, match: CellMatch, executed: ReadonlyMap<string, ExecutedCell>, graderCells: ReadonlyMap<string, GraderCellRef>): ExerciseGrade[] {
  return layout.exercises.map((exercise): ExerciseGrade => {
    const zero = (feedback: FeedbackItem[]): ExerciseGrade => ({ id: exercise.id, points: 0, maxPoints: exercise.points, passed: false, checks: [], feedback });
    const unreadable = match.unreadable.get(exercise.id);
    if (unreadable) return zero(unreadable);
    const ref = graderCells.get(exercise.id);
    const cell = ref === undefined ? undefined : executed.get(ref.cellId);
    if (ref === undefined || cell?.status !== "ok") {
      return zero([{ place: `cell ${exercise.checkCellId}`, rule: "check-cell-failed", reason: `the check cell did not complete: ${notRunReason(cell)}.` }]);
    }
    const report = readGraderReport(cell.stdout, exercise.id, ref.secret);
    if (report === undefined) {
      return zero([{ place: `cell ${exercise.checkCellId}`, rule: "no-grader-report", reason: "the grader's checks did not report: their report was missing or did not verify (was console.log replaced?)." }]);
    }
    const feedback: FeedbackItem[] = [];
    // What the hidden checks found is marked so: the student's views replace it with a neutral text.
    const hidden = (yes: boolean | undefined): { hidden?: true } => (yes === true ? { hidden: true } : {});
    if (!report.ran) feedback.push({ place: `cell ${exercise.checkCellId}`, rule: "check-failed", reason: report.error ?? "a check threw", ...hidden(report.errorInHidden) });
    for (const c of report.checks.filter((c) => !c.passed)) feedback.push({ place: `cell ${exercise.checkCellId}`, rule: "check-failed", reason: `${c.exercise}: ${c.message}`, ...hidden(c.hidden) });
    if (report.ran && report.checks.length === 0) feedback.push({ place: `cell ${exercise.checkCellId}`, rule: "no-checks", reason: "the check cell made no check() call, so nothing showed the answer right." });
    const passed = feedback.length === 0;
    return { id: exercise.id, points: passed ? exercise.points : 0, maxPoints: exercise.points, passed, checks: report.checks, feedback, durationMs: report.durationMs };
  });
}
