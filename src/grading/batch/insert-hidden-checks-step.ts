// Step 3: at grading time only, put the instructor's check cells (public and hidden checks) in place of
// the release's, and a grader cell after each. The result lives in the grader's memory and goes to the
// kernel one cell at a time: the hidden checks and the secrets are never written where a submission
// could read them before they run.
import { graderCellSource, newCellSecret } from "./grader-cell.js";
import { gradeIdOf } from "./notebook-text.js";
import type { AssignmentLayout, GradingCell, GradingNotebook } from "./types.js";

/** The grader cell of one exercise: its cell id and the secret its report is signed with. */
export interface GraderCellRef {
  cellId: string;
  secret: string;
}

/** The notebook the kernel runs, and where each exercise's grader cell is. */
export interface GradingRun {
  notebook: GradingNotebook;
  graderCells: Map<string, GraderCellRef>;
}

/** Adds the hidden checks and the grader cells to a restored submission. */
export function insertHiddenChecks(layout: AssignmentLayout, restored: GradingNotebook, student: string, secret: () => string = newCellSecret): GradingRun {
  const graderCells = new Map<string, GraderCellRef>();
  const cells: GradingCell[] = [];
  for (const cell of restored.cells) {
    const gradeId = gradeIdOf(cell);
    const exercise = layout.exercises.find((e) => e.checkCellId === gradeId);
    if (exercise === undefined) {
      cells.push(cell);
      continue;
    }
    const checkSource = layout.instructorChecks.get(exercise.checkCellId)!;
    cells.push({ ...cell, source: checkSource });
    const ref = { cellId: `grader-${exercise.id}`, secret: secret() };
    graderCells.set(exercise.id, ref);
    cells.push({
      cell_type: "code",
      id: ref.cellId,
      metadata: {},
      source: graderCellSource({ exercise: exercise.id, checkSource, student, secret: ref.secret, libraryNames: layout.libraryNames }),
      outputs: [],
      execution_count: null,
    });
  }
  return { notebook: { ...restored, cells }, graderCells };
}
