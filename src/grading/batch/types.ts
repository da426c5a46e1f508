// The shapes the batch grader's steps hand each other. Each step is a function of these values: no
// per-run state lives on objects, so a step can be tested on its own.
import type { LateResult } from "../late/late-penalty.js";

/** A cell as nbformat 4 stores it (the grader reads only what it needs). */
export interface GradingCell {
  cell_type: "code" | "markdown" | "raw";
  id?: string;
  metadata: Record<string, unknown>;
  source: string | string[];
  outputs?: unknown[];
  execution_count?: number | null;
}

/** A notebook as nbformat 4 stores it. */
export interface GradingNotebook {
  cells: GradingCell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

/** One finding about a submission, shaped like a lint message: where, which rule, and why. */
export interface FeedbackItem {
  /** Where: a cell (`cell a1-bill-answer`), or the whole submission (`notebook`). */
  place: string;
  /** A stable id for the rule, e.g. `locked-cell-edited`, `cell-missing`, `check-failed`. */
  rule: string;
  reason: string;
  /** True when the reason quotes the instructor's hidden checks: a student is shown a neutral text instead. */
  hidden?: boolean;
}

/** One exercise of an assignment, as its release lays it out. */
export interface ExerciseLayout {
  id: string;
  points: number;
  /** grade_id (= cell id) of the graded check cell. */
  checkCellId: string;
  /** grade_ids of the cells the student writes. */
  answerCellIds: string[];
  /** grade_ids of the read-only cells (prompt, hint, given code). */
  lockedCellIds: string[];
}

/** What the grader knows of an assignment: its exercises, the release's cells, and the instructor's checks. */
export interface AssignmentLayout {
  name: string;
  exercises: ExerciseLayout[];
  /**
   * The release's nbgrader cells by grade_id: their source, type and nbgrader metadata, and — for a cell
   * that differs per student — its text before the student's values were filled in.
   */
  releaseCells: Map<string, { source: string; cellType: "code" | "markdown"; nbgrader: Record<string, unknown>; template?: string }>;
  /** The instructor copy's check cell source (public and hidden checks) by grade_id. */
  instructorChecks: Map<string, string>;
  /** The instructor's check cells that differ per student, by grade_id: their text before filling. */
  instructorCheckTemplates: Map<string, string>;
  /** Names the release imports from "minicloud": the grader's own cells rebind them to the library's. */
  libraryNames: string[];
}

/** How one cell of the grading run went, as the kernel reported it. */
export interface ExecutedCell {
  id: string;
  status: "ok" | "error" | "timeout" | "dead-kernel" | "output-limit" | "not-run";
  /** The cell's stdout, as the kernel streamed it. */
  stdout: string;
  /** The error the cell stopped with, if any ("ename: evalue"). */
  error?: string;
  durationMs: number;
}

/** One check() call made by the grader's cell, as it reported it. */
export interface CheckOutcome {
  exercise: string;
  passed: boolean;
  message: string;
  counterexample?: { input: string; expected: string; actual: string };
  hint?: string;
  /** True when the call is one of the instructor's hidden checks: a student sees its name and result only. */
  hidden?: boolean;
}

/** The score and feedback of one exercise of one submission. */
export interface ExerciseGrade {
  id: string;
  points: number;
  maxPoints: number;
  passed: boolean;
  checks: CheckOutcome[];
  feedback: FeedbackItem[];
  /** How long the grader's checks of this exercise ran, in ms (undefined when they never reported). */
  durationMs?: number;
}

/** The grade of one submission. */
export interface SubmissionGrade {
  student: string;
  submission: string;
  assignment: string;
  points: number;
  maxPoints: number;
  exercises: ExerciseGrade[];
  /** Findings about the whole submission (edited locked cells, a dead kernel...). */
  feedback: FeedbackItem[];
  /** Which sandbox ran it, and how long grading took, in ms. */
  sandbox: string;
  durationMs: number;
  gradedAt: string;
  /** Set when a late policy was applied: `points` is then the raw points less the penalty. */
  late?: LateResult;
}
