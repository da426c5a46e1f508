// Step 4: execute the grading notebook in a fresh kernel inside a sandbox, with a wall-clock limit per
// cell and per notebook (and a hard one on the kernel itself), and turn what the kernel said into one record per cell.
import type { ExecutedCell, GradingNotebook } from "minicloud";
import { joinText, type Notebook, type NotebookOutput } from "../runner/nbformat-io.js";
import { executeInKernel, type RunResult } from "../runner/run-notebook.js";
import type { ReadyKernel } from "./kernel-pool.js";

/** Time and output limits of one grading run. */
export interface ExecuteLimits {
  cellTimeoutS: number;
  notebookTimeoutS: number;
  maxOutputBytes: number;
}

function describeError(outputs: NotebookOutput[]): string | undefined {
  const error = outputs.find((o) => o.output_type === "error");
  return error?.output_type === "error" ? `${error.ename}: ${error.evalue}` : undefined;
}

/** Beyond the notebook's own limit, how long the kernel may live before it is killed whatever it is doing. */
const HARD_LIMIT_GRACE_S = 15;

/** Runs the notebook in `ready` (which it stops) and reports every code cell, by id: how it ended, its stdout and its error. */
export async function executeGradingNotebook(notebook: GradingNotebook, ready: ReadyKernel, limits: ExecuteLimits, shutdownFirst = true): Promise<{ run: RunResult; cells: Map<string, ExecutedCell> }> {
  // Cells of nbformat < 4.5 have no id: the grader names them by position so the map stays complete.
  const withIds: Notebook = { ...notebook, cells: notebook.cells.map((c, i) => ({ ...c, id: c.id ?? `cell-${i + 1}` })) } as Notebook;
  // The runner's own limits interrupt a cell; this one ends a kernel (or a wait of the runner's) that outlives them.
  const hardLimit = setTimeout(() => void ready.kernel.kill(), (limits.notebookTimeoutS + HARD_LIMIT_GRACE_S) * 1000);
  let run: RunResult;
  try {
    run = await executeInKernel(withIds, ready.kernel, { allowErrors: true, timeoutS: limits.cellTimeoutS, totalTimeoutS: limits.notebookTimeoutS, maxOutputBytes: limits.maxOutputBytes, shutdownFirst }, ready.client);
  } finally {
    clearTimeout(hardLimit);
  }
  const codeCells = run.notebook.cells.filter((c) => c.cell_type === "code");
  const cells = new Map<string, ExecutedCell>();
  for (const [i, cell] of codeCells.entries()) {
    const progress = run.cells.find((p) => p.index === i + 1);
    const outputs = cell.outputs ?? [];
    const stdout = outputs.map((o) => (o.output_type === "stream" && o.name === "stdout" ? joinText(o.text) : "")).join("");
    const error = describeError(outputs);
    const blank = joinText(cell.source).trim() === "";
    cells.set(cell.id!, {
      id: cell.id!,
      status: progress?.status ?? (blank ? "ok" : "not-run"),
      stdout,
      ...(error !== undefined ? { error } : {}),
      durationMs: progress?.durationMs ?? 0,
    });
  }
  return { run, cells };
}
