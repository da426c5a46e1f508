import { writeNotebook } from "../kernel-ext/runner/nbformat-io.js";
import { runNotebook } from "../kernel-ext/runner/run-notebook.js";

/** `minicloud run`: executes a notebook in a fresh minicloud kernel, with no Python or Jupyter. */
export async function run(path: string, options: { output?: string; allowErrors: boolean; timeoutS?: number }): Promise<number> {
  const result = await runNotebook(path, {
    allowErrors: options.allowErrors,
    ...(options.timeoutS !== undefined ? { timeoutS: options.timeoutS } : {}),
    onCell: (c) => process.stderr.write(`[${c.index}/${c.total}] ${c.status} (${c.durationMs} ms)\n`),
  });
  if (options.output) writeNotebook(options.output, result.notebook);
  if (result.status === "ok") {
    process.stderr.write(`${path}: all cells ran${options.output ? `; wrote ${options.output}` : ""}\n`);
    return 0;
  }
  process.stderr.write(`${path}: ${result.message ?? result.status}${options.output ? `; wrote what ran to ${options.output}` : ""}\n`);
  return 1;
}
