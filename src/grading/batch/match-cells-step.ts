// Step 1: find each exercise's cells in a submission by their nbgrader grade_id — never by position,
// since students add, move and delete cells — and report what cannot be found.
import { gradeIdOf } from "./notebook-text.js";
import type { AssignmentLayout, FeedbackItem, GradingNotebook } from "./types.js";

/** Where each release cell sits in a submission, and what is missing or doubled. */
export interface CellMatch {
  /** grade_id → index of the submission's cell that carries it (the first one, when doubled). */
  indexOf: Map<string, number>;
  /** Indices of cells that repeat a grade_id: the grader treats them as the student's own cells. */
  duplicates: Set<number>;
  /** Findings for the whole submission. */
  feedback: FeedbackItem[];
  /** Per exercise: why it cannot be graded (an answer cell is missing). */
  unreadable: Map<string, FeedbackItem[]>;
}

/** Matches a submission's cells to the release's exercises by grade_id. */
export function matchCells(layout: AssignmentLayout, submission: GradingNotebook): CellMatch {
  const indexOf = new Map<string, number>();
  const duplicates = new Set<number>();
  const feedback: FeedbackItem[] = [];
  for (const [i, cell] of submission.cells.entries()) {
    const gradeId = gradeIdOf(cell);
    if (gradeId === undefined || !layout.releaseCells.has(gradeId)) continue;
    if (indexOf.has(gradeId)) {
      duplicates.add(i);
      feedback.push({ place: `cell ${i + 1}`, rule: "duplicate-grade-id", reason: `a second cell carries grade_id "${gradeId}" (a copied cell?); only the first one is graded.` });
      continue;
    }
    indexOf.set(gradeId, i);
  }
  const unreadable = new Map<string, FeedbackItem[]>();
  for (const exercise of layout.exercises) {
    const problems: FeedbackItem[] = [];
    for (const id of exercise.answerCellIds) {
      if (!indexOf.has(id)) problems.push({ place: `cell ${id}`, rule: "cell-missing", reason: `the answer cell "${id}" is not in the submission (deleted, or its metadata removed); nothing of this exercise can be graded.` });
    }
    for (const id of [exercise.checkCellId, ...exercise.lockedCellIds]) {
      if (!indexOf.has(id)) feedback.push({ place: `cell ${id}`, rule: "cell-missing", reason: `the read-only cell "${id}" was deleted; the grader put the release's back.` });
    }
    if (problems.length > 0) unreadable.set(exercise.id, problems);
  }
  return { indexOf, duplicates, feedback, unreadable };
}
