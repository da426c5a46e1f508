// `minicloud progress [NOTEBOOK|FOLDER...] [--rerun] [--json]`: which exercises of which notebook pass,
// from the checks recorded in the minicloud home; --rerun first runs each notebook, as saved, in a fresh
// kernel (its check() calls record afresh, under the notebook's own name).
import { existsSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { notebooksIn, packageRoot, progressSummary, progressTable } from "minicloud";
import { runNotebook } from "../kernel-ext/runner/run-notebook.js";

/** What `minicloud progress` was asked for. */
export interface ProgressRequest {
  /** Notebooks, or folders of them (default: ./notebooks, else the workbook's). */
  paths: string[];
  rerun: boolean;
  json: boolean;
  /** Per cell, in seconds, for --rerun. */
  timeoutS?: number;
}

function notebookPaths(paths: readonly string[]): string[] {
  const given = paths.length > 0 ? paths : [existsSync("notebooks") ? "notebooks" : join(packageRoot(), "notebooks")];
  return given.flatMap((path) => {
    if (!existsSync(path)) throw new Error(`${path}: no such notebook or folder.`);
    return statSync(path).isDirectory() ? notebooksIn(path) : [path];
  });
}

/** Runs `minicloud progress`; resolves to the exit code. */
export async function progressCommand(request: ProgressRequest): Promise<number> {
  const paths = notebookPaths(request.paths);
  if (paths.length === 0) {
    console.error(`minicloud progress: no notebooks in ${request.paths.join(", ") || "notebooks/"}; name .ipynb files or folders holding them.`);
    return 2;
  }
  if (request.rerun) {
    for (const [i, path] of paths.entries()) {
      process.stderr.write(`[${i + 1}/${paths.length}] running ${basename(path)}…`);
      // Jupyter Server tells a kernel its notebook this way; check() records results under that name.
      const result = await runNotebook(path, { allowErrors: true, env: { ...process.env, JPY_SESSION_NAME: resolve(path) }, ...(request.timeoutS !== undefined ? { timeoutS: request.timeoutS } : {}) });
      const failed = result.cells.filter((c) => c.status !== "ok").length;
      process.stderr.write(` ${result.status === "ok" ? "every cell ran" : `${result.message ?? result.status}${failed > 0 ? ` (${failed} cell(s) did not complete)` : ""}`}\n`);
    }
  }
  const summary = progressSummary(paths);
  if (request.json) {
    console.log(JSON.stringify(summary, null, 2));
    return 0;
  }
  console.log((await progressTable(summary).toMimeBundle())["text/plain"]);
  if (summary.notebooks.every((n) => n.exercises.every((e) => e.status === "not tried"))) {
    console.log("\nNo check has run yet: run the check cells in your notebooks, or `minicloud progress --rerun` to run them all now.");
  }
  return 0;
}
