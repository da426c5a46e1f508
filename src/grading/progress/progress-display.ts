// Progress as a learner sees it: a table of every exercise (in a notebook as HTML, in a terminal as
// aligned text) and a chart of points per notebook, read from the notebooks and the recorded checks.
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { display } from "../../viz/display.js";
import { table, type Displayable } from "../../viz/mime-bundle.js";
import { progressChart } from "../../viz/progress-chart.js";
import type { GradingNotebook } from "../batch/types.js";
import { readProgress } from "./progress-store.js";
import { summarizeProgress, type ExerciseStatus, type ProgressSummary } from "./progress-summary.js";

const MARKS: Record<ExerciseStatus, string> = { passed: "✓ passed", failed: "✗ failed", "not tried": "· not tried" };

function readNotebookFile(path: string): GradingNotebook {
  let parsed: Partial<GradingNotebook>;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8")) as Partial<GradingNotebook>;
  } catch (error) {
    throw new Error(`${path}: cannot read it as a notebook (${(error as Error).message}).`);
  }
  if (!Array.isArray(parsed.cells) || typeof parsed.metadata !== "object" || parsed.metadata === null) throw new Error(`${path}: not a notebook (it has no cells or metadata).`);
  return parsed as GradingNotebook;
}

/** The notebooks in a folder, in name order. */
export function notebooksIn(folder: string): string[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith(".ipynb") && !name.startsWith("."))
    .sort()
    .map((name) => join(folder, name));
}

/** Which exercises of these notebooks pass, from the checks recorded in the minicloud home. */
export function progressSummary(paths: readonly string[], home?: string): ProgressSummary {
  const notebooks = paths.map((path) => ({ name: basename(path), notebook: readNotebookFile(path) }));
  return summarizeProgress(notebooks, readProgress(home));
}

/** A progress summary as a table: each exercise with its result, points and when it was last checked, and the totals (notebooks without exercises are left out). */
export function progressTable(summary: ProgressSummary): Displayable {
  const rows: Record<string, string>[] = [];
  for (const n of summary.notebooks.filter((n) => n.exercises.length > 0)) {
    for (const [i, e] of n.exercises.entries()) {
      rows.push({ notebook: i === 0 ? n.title : "", exercise: e.exercise, result: MARKS[e.status], points: `${e.points} / ${e.maxPoints}`, "last checked": e.checkedAt ? e.checkedAt.slice(0, 16).replace("T", " ") : "" });
    }
    rows.push({ notebook: "", exercise: "total", result: "", points: `${n.points} / ${n.maxPoints}`, "last checked": "" });
  }
  rows.push({ notebook: "all notebooks", exercise: `${summary.passed} of ${summary.exercises} passed`, result: "", points: `${summary.points} / ${summary.maxPoints}`, "last checked": "" });
  return table(rows, ["notebook", "exercise", "result", "points", "last checked"]);
}

/**
 * Shows which exercises pass in the workbook's notebooks: a table and a chart of points per notebook.
 * Each exercise's result is the last `check()` you ran for it; without arguments it looks at the
 * notebooks in this notebook's folder.
 * @example await progress()
 * @example await progress(["03-lambda-functions.ipynb", "06-lambda-pricing.ipynb"])
 */
export async function progress(notebooks?: string | readonly string[]): Promise<void> {
  const paths = notebooks === undefined ? notebooksIn(process.cwd()) : typeof notebooks === "string" ? [notebooks] : notebooks;
  if (paths.length === 0) throw new Error(`No notebooks in ${process.cwd()}; name them, e.g. await progress(["03-lambda-functions.ipynb"]).`);
  const summary = progressSummary(paths);
  await display(progressTable(summary));
  const rows = summary.notebooks.flatMap((n) => n.exercises.map((e) => ({ notebook: n.title, exercise: e.exercise, status: e.status, points: e.maxPoints })));
  if (rows.length > 0) await display(progressChart(rows));
}
