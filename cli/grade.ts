// `minicloud grade`: grades a class's submissions of one assignment, composing the library's grading
// steps (src/grading/batch) with the kernel runner (kernel-ext/grader).
import { availableParallelism } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { existsSync } from "node:fs";
import { readAssignmentLayout, type GradingNotebook } from "minicloud";
import { findSubmissions, gradeBatch, openSandbox, type SandboxChoice } from "../kernel-ext/grader/index.js";
import { readNotebook } from "../kernel-ext/runner/nbformat-io.js";

/** Options of `minicloud grade`, as parsed. */
export interface GradeCommand {
  release: string;
  submissions: string[];
  instructor?: string;
  outDir?: string;
  jobs?: number;
  force: boolean;
  /** Per cell, in seconds. */
  timeoutS?: number;
  /** Where kernels run; `auto` (the default) is Docker when an engine answers, else the process sandbox. */
  sandbox: SandboxChoice;
  memoryMiB?: number;
}

/** The instructor copy beside a release: `assignments/<name>/instructor/<name>.ipynb`. */
function instructorBeside(release: string): string {
  return join(dirname(dirname(resolve(release))), "instructor", basename(release));
}

/** Runs `minicloud grade`; resolves to the exit code. */
export async function grade(command: GradeCommand): Promise<number> {
  const instructor = command.instructor ?? instructorBeside(command.release);
  if (!existsSync(instructor)) {
    console.error(`minicloud grade: no instructor copy at ${instructor}; pass it with --instructor FILE (npx minicloud build writes it).`);
    return 2;
  }
  const name = basename(command.release, ".ipynb");
  const layout = readAssignmentLayout(name, readNotebook(command.release) as GradingNotebook, readNotebook(instructor) as GradingNotebook, { release: command.release, instructor });
  const submissions = findSubmissions(command.submissions);
  if (submissions.length === 0) {
    console.error("minicloud grade: no submissions found (.ipynb files, or folders holding them).");
    return 2;
  }
  const outDir = command.outDir ?? join("graded", name);
  const jobs = command.jobs ?? availableParallelism();
  const cellTimeoutS = command.timeoutS ?? 60;
  const limits = command.memoryMiB !== undefined ? { memoryMiB: command.memoryMiB } : {};
  const { sandbox, reason } = await openSandbox(command.sandbox, limits, (tag) => process.stderr.write(`built the sandbox image ${tag}\n`));
  process.stderr.write(`sandbox: ${sandbox.kind} (${reason})\n`);
  if (sandbox.warning !== undefined) process.stderr.write(`warning: ${sandbox.warning}\n`);
  const started = Date.now();
  try {
    const result = await gradeBatch(submissions, {
      layout,
      sandbox,
      limits: { cellTimeoutS, notebookTimeoutS: cellTimeoutS * 5, maxOutputBytes: 2 * 1024 * 1024 },
      outDir,
      jobs,
      force: command.force,
      onProgress: (done, total, g, skipped) =>
        process.stderr.write(`\r[${done}/${total}] ${g.student}: ${g.points}/${g.maxPoints}${skipped ? " (already graded)" : ` (${(g.durationMs / 1000).toFixed(1)} s)`}\x1b[K${done === total ? "\n" : ""}`),
    });
    const seconds = (Date.now() - started) / 1000;
    process.stderr.write(`graded ${result.graded}, skipped ${result.skipped} already graded, in ${seconds.toFixed(1)} s; gradebook: ${result.gradebook}\n`);
    return 0;
  } finally {
    await sandbox.close();
  }
}
