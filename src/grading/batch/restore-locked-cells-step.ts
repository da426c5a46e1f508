// Step 2: put back the release's read-only cells (prompts, given code, check cells). An edit is found
// with nbgrader's checksum, reported, and undone: a submission cannot change what checks it. With a
// student's layout (student-layout.ts) the release's cells are that student's own.
import { nbgraderChecksum, type NbgraderCellMetadata } from "../../notebook/nbgrader-metadata.js";
import type { CellMatch } from "./match-cells-step.js";
import { cellSource, gradeIdOf } from "./notebook-text.js";
import type { AssignmentLayout, FeedbackItem, GradingCell, GradingNotebook } from "./types.js";

function releaseCell(layout: AssignmentLayout, gradeId: string): GradingCell {
  const cell = layout.releaseCells.get(gradeId)!;
  return { cell_type: cell.cellType, id: gradeId, metadata: { nbgrader: cell.nbgrader }, source: cell.source, ...(cell.cellType === "code" ? { outputs: [], execution_count: null } : {}) };
}

/** Whether the release marks a cell read-only (nbgrader locks graded cells and read-only cells, never solutions). */
function isLocked(nbgrader: Record<string, unknown>): boolean {
  return nbgrader["solution"] !== true && (nbgrader["grade"] === true || nbgrader["locked"] === true);
}

/**
 * A copy of the submission where every read-only cell is the release's, answer cells keep the student's
 * source under the release's metadata, doubled cells lose their grade_id, and deleted check cells come back
 * after their exercise's last answer cell.
 */
export function restoreLockedCells(layout: AssignmentLayout, submission: GradingNotebook, match: CellMatch): { notebook: GradingNotebook; feedback: FeedbackItem[] } {
  const feedback: FeedbackItem[] = [];
  const cells: GradingCell[] = submission.cells.map((cell, i) => {
    const gradeId = gradeIdOf(cell);
    if (match.duplicates.has(i) || gradeId === undefined || !layout.releaseCells.has(gradeId)) {
      // The student's own cell: whatever nbgrader metadata it carries is not the grader's business.
      const { nbgrader: _ignored, ...metadata } = cell.metadata;
      return { ...cell, metadata };
    }
    const release = layout.releaseCells.get(gradeId)!;
    if (!isLocked(release.nbgrader)) return { ...cell, id: gradeId, cell_type: release.cellType, metadata: { nbgrader: release.nbgrader } };
    const meta = release.nbgrader as unknown as NbgraderCellMetadata;
    const source = cellSource(cell);
    if (cell.cell_type !== release.cellType || nbgraderChecksum(source, release.cellType, meta) !== nbgraderChecksum(release.source, release.cellType, meta)) {
      // A cell with the student's own numbers in it may also come from another student's copy (or the shared one).
      const reason = release.template === undefined ? "this read-only cell was edited; the grader used the release's version instead." : "this read-only cell is not as in your own copy (edited, or from another student's copy); the grader used your copy's version instead.";
      feedback.push({ place: `cell ${gradeId}`, rule: "locked-cell-edited", reason });
    }
    return releaseCell(layout, gradeId);
  });
  for (const exercise of layout.exercises) {
    if (match.indexOf.has(exercise.checkCellId)) continue;
    const anchors = exercise.answerCellIds.map((id) => cells.findIndex((c) => c.id === id && gradeIdOf(c) === id)).filter((i) => i >= 0);
    const at = anchors.length > 0 ? Math.max(...anchors) + 1 : cells.length;
    cells.splice(at, 0, releaseCell(layout, exercise.checkCellId));
  }
  return { notebook: { ...submission, cells }, feedback };
}
