import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, relative } from "node:path";
import { promisify } from "node:util";
import { packageRoot } from "minicloud";
import { installKernelspec, jupyterEnv, type JupyterInstall } from "../../kernel-ext/index.js";

/** Every .ipynb under notebooks/, relative to the project root, in a stable order. */
export function allNotebooks(root: string = packageRoot()): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (name.startsWith(".")) continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".ipynb")) found.push(relative(root, path));
    }
  };
  walk(join(root, "notebooks"));
  return found;
}

/** One output of an executed notebook, as nbformat stores it. */
export interface NotebookOutput {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
}

/** An executed notebook's cells. */
export interface ExecutedNotebook {
  cells: { id: string; cell_type: string; outputs?: NotebookOutput[]; execution_count?: number | null; metadata?: { nbgrader?: { grade?: boolean } } }[];
}

/** Executes a notebook with `jupyter nbconvert --execute` and the minicloud kernel; returns the executed copy. */
export async function executeWithNbconvert(
  jupyter: JupyterInstall,
  notebook: string,
  options: { timeoutS?: number; env?: Record<string, string>; allowErrors?: boolean } = {},
): Promise<ExecutedNotebook> {
  const timeoutS = options.timeoutS ?? 600;
  const root = packageRoot();
  installKernelspec(root);
  const out = mkdtempSync(join(tmpdir(), "minicloud-nb-"));
  try {
    const output = join(out, basename(notebook));
    await promisify(execFile)(
      jupyter.python,
      [
        "-m",
        "nbconvert",
        "--to",
        "notebook",
        "--execute",
        `--ExecutePreprocessor.timeout=${timeoutS}`,
        ...(options.allowErrors ? ["--allow-errors"] : []),
        "--output",
        output,
        join(root, notebook),
      ],
      { env: { ...jupyterEnv(root), ...options.env }, cwd: root, maxBuffer: 64 * 1024 * 1024 },
    );
    return JSON.parse(readFileSync(output, "utf8")) as ExecutedNotebook;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** A minimal notebook for the minicloud kernel with one code cell per source. */
export function notebookOf(sources: string[]): object {
  return {
    cells: sources.map((source, i) => ({ cell_type: "code", id: `cell-${i + 1}`, metadata: {}, execution_count: null, outputs: [], source })),
    metadata: { kernelspec: { name: "minicloud", display_name: "TypeScript (minicloud)", language: "typescript" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

/**
 * Charts that some frontend could not show: every output carrying a Vega-Lite spec must also carry the
 * SVG fallback (the classic Notebook, nbconvert's HTML, GitHub) and a line of text (a terminal).
 */
export function chartsWithoutFallbacks(notebook: ExecutedNotebook): string[] {
  const missing: string[] = [];
  for (const cell of notebook.cells) {
    for (const output of cell.outputs ?? []) {
      const types = Object.keys(output.data ?? {});
      if (!types.some((t) => t.startsWith("application/vnd.vegalite"))) continue;
      for (const needed of ["image/svg+xml", "text/plain"]) if (!types.includes(needed)) missing.push(`cell ${cell.id}: a chart without ${needed}`);
    }
  }
  return missing;
}

/** The outputs a clean run must not have: errors, and anything written to stderr. */
export function errorOutputs(notebook: ExecutedNotebook): string[] {
  const problems: string[] = [];
  for (const cell of notebook.cells) {
    for (const output of cell.outputs ?? []) {
      const text = Array.isArray(output.text) ? output.text.join("") : (output.text ?? "");
      if (output.output_type === "error") problems.push(`cell ${cell.id}: ${output.ename}: ${output.evalue}`);
      if (output.output_type === "stream" && output.name === "stderr") problems.push(`cell ${cell.id} wrote to stderr: ${text}`);
    }
  }
  return problems;
}

/**
 * The graded check cells of a student copy that show no failed check (✗): with the starter code in
 * place every exercise must fail, or the exercise can be passed without doing it.
 */
export function startersThatPass(notebook: ExecutedNotebook): string[] {
  return notebook.cells
    .filter((cell) => cell.metadata?.nbgrader?.grade)
    .filter((cell) => !(cell.outputs ?? []).some((o) => JSON.stringify(o).includes("✗")))
    .map((cell) => `check cell ${cell.id} passes with the starter code`);
}
