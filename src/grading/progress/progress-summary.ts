// Which exercises of which notebook pass, from the notebooks (their exercises, points and check cells)
// and the learner's recorded checks. An exercise passes when every check() its check cell makes last
// passed; a result recorded in another notebook never counts, one recorded where the notebook was
// unknown (a server that does not say) counts for every notebook that checks that exercise.
import { cellSource, checkIdsIn, nbgraderOf } from "../batch/notebook-text.js";
import type { GradingNotebook } from "../batch/types.js";
import { recordKey, type ProgressRecord } from "./progress-store.js";

/** How an exercise stands. */
export type ExerciseStatus = "passed" | "failed" | "not tried";

/** One exercise of one notebook. */
export interface ExerciseProgress {
  notebook: string;
  exercise: string;
  status: ExerciseStatus;
  points: number;
  maxPoints: number;
  /** When its checks last ran, as an ISO time. */
  checkedAt?: string;
  /** The last failing check's message, when it failed. */
  message?: string;
}

/** One notebook's exercises and total. */
export interface NotebookProgress {
  /** The notebook's file name. */
  notebook: string;
  title: string;
  exercises: ExerciseProgress[];
  points: number;
  maxPoints: number;
}

/** Every notebook's progress, and the total over all of them. */
export interface ProgressSummary {
  notebooks: NotebookProgress[];
  points: number;
  maxPoints: number;
  passed: number;
  exercises: number;
}

/** A notebook's exercises, with their points and the exercise ids their check cells pass to check(). */
export function notebookExercises(notebook: GradingNotebook): { id: string; points: number; checkIds: string[] }[] {
  const meta = notebook.metadata["minicloud"] as { exercises?: { id?: unknown; points?: unknown }[] } | undefined;
  const declared = (meta?.exercises ?? []).filter((e): e is { id: string; points: number } => typeof e.id === "string" && typeof e.points === "number");
  return declared.map(({ id, points }) => {
    // The exercise's cells follow its prompt (grade_id = the exercise id); its graded cell is the check cell.
    const start = notebook.cells.findIndex((c) => nbgraderOf(c)?.["grade_id"] === id);
    const check = start < 0 ? undefined : notebook.cells.slice(start).find((c) => nbgraderOf(c)?.["grade"] === true);
    const checkIds = check ? [...checkIdsIn(cellSource(check))] : [];
    return { id, points, checkIds: checkIds.length > 0 ? checkIds : [id] };
  });
}

function exerciseProgress(name: string, exercise: { id: string; points: number; checkIds: string[] }, records: ReadonlyMap<string, ProgressRecord>): ExerciseProgress {
  const found = exercise.checkIds.map((id) => records.get(recordKey(id, name)) ?? records.get(recordKey(id, undefined)));
  const tried = found.filter((r): r is ProgressRecord => r !== undefined);
  const status: ExerciseStatus = tried.length === 0 ? "not tried" : tried.length === found.length && tried.every((r) => r.passed) ? "passed" : "failed";
  const checkedAt = tried.map((r) => r.at).sort().at(-1);
  const failing = tried.find((r) => !r.passed);
  return {
    notebook: name,
    exercise: exercise.id,
    status,
    points: status === "passed" ? exercise.points : 0,
    maxPoints: exercise.points,
    ...(checkedAt ? { checkedAt } : {}),
    ...(failing ? { message: failing.message } : {}),
  };
}

/** The progress over the given notebooks (file name and contents), in their order. */
export function summarizeProgress(notebooks: readonly { name: string; notebook: GradingNotebook }[], records: ReadonlyMap<string, ProgressRecord>): ProgressSummary {
  const summaries = notebooks.map(({ name, notebook }): NotebookProgress => {
    const exercises = notebookExercises(notebook).map((e) => exerciseProgress(name, e, records));
    const title = (notebook.metadata["minicloud"] as { title?: unknown } | undefined)?.title;
    return {
      notebook: name,
      title: typeof title === "string" ? title : name,
      exercises,
      points: exercises.reduce((sum, e) => sum + e.points, 0),
      maxPoints: exercises.reduce((sum, e) => sum + e.maxPoints, 0),
    };
  });
  const all = summaries.flatMap((n) => n.exercises);
  return {
    notebooks: summaries,
    points: summaries.reduce((sum, n) => sum + n.points, 0),
    maxPoints: summaries.reduce((sum, n) => sum + n.maxPoints, 0),
    passed: all.filter((e) => e.status === "passed").length,
    exercises: all.length,
  };
}
