// Step 3: at grading time only, put in place of each check cell the grader cell that runs the instructor's
// checks (public and hidden) once and signs what they found. The result lives in the grader's memory and
// goes to the kernel one cell at a time: the hidden checks and the secrets are never written where a
// submission could read them before they run.
import { graderCellSource, newCellSecret } from "./grader-cell.js";
import { gradeIdOf } from "./notebook-text.js";
import type { AssignmentLayout, GradingCell, GradingNotebook } from "./types.js";

/** The grader cell of one exercise: its cell id (the check cell's) and the secret its report is signed with. */
export interface GraderCellRef {
  cellId: string;
  secret: string;
}

/** The notebook the kernel runs, and where each exercise's grader cell is. */
export interface GradingRun {
  notebook: GradingNotebook;
  graderCells: Map<string, GraderCellRef>;
}

/** Puts the grader cells, with the hidden checks, in place of a restored submission's check cells. */
export function insertHiddenChecks(layout: AssignmentLayout, restored: GradingNotebook, student: string, secret: () => string = newCellSecret): GradingRun {
  const graderCells = new Map<string, GraderCellRef>();
  const cells = restored.cells.map((cell): GradingCell => {
    const gradeId = gradeIdOf(cell);
    const exercise = layout.exercises.find((e) => e.checkCellId === gradeId);
    if (exercise === undefined) return cell;
    const ref = { cellId: exercise.checkCellId, secret: secret() };
    graderCells.set(exercise.id, ref);
    const checkSource = layout.instructorChecks.get(exercise.checkCellId)!;
    return { ...cell, source: graderCellSource({ exercise: exercise.id, checkSource, student, secret: ref.secret, libraryNames: layout.libraryNames }) };
  });
  return { notebook: { ...restored, cells }, graderCells };
}
