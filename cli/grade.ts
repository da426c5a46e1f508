// `minicloud grade`: grades a class's submissions of one assignment, composing the library's grading
// steps (src/grading/batch) with the kernel runner (kernel-ext/grader).
import { basename, dirname, join, resolve } from "node:path";
import { existsSync, readFileSync } from "node:fs";
import { readAssignmentLayout, readSubmissionTimes, type GradingNotebook } from "minicloud";
import { defaultJobs, findSubmissions, gradeBatch, mustDropRoot, openSandbox, openToOthers, processIsolation, type Sandbox, type SandboxChoice } from "../kernel-ext/grader/index.js";
import { readNotebook } from "../kernel-ext/runner/nbformat-io.js";
import type { GradeExtras } from "./grade-options.js";
import { writePackage } from "./grade-package.js";
import { gradeOnPlatform } from "./grade-platform.js";
import { finishBatchReports } from "./grade-reports.js";

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
  /** Platform formats, packages and late work (see grade-options.ts). */
  extras: GradeExtras;
}

/** The `minicloud grade` options a package passes on to the platform's grader. */
function passedOn(command: GradeCommand): string[] {
  const late = command.extras.late ?? {};
  const pairs: [string, string | number | undefined][] = [
    ["--timeout", command.timeoutS],
    ["--memory", command.memoryMiB],
    ["--due", late.due],
    ["--late-penalty", late.latePenalty],
    ["--grace", late.grace],
    ["--late-cap", late.lateCap],
    ["--no-credit-after", late.noCreditAfter],
  ];
  return pairs.flatMap(([option, value]) => (value === undefined ? [] : [option, String(value)]));
}

/** The instructor copy beside a release: `assignments/<name>/instructor/<name>.ipynb`. */
function instructorBeside(release: string): string {
  return join(dirname(dirname(resolve(release))), "instructor", basename(release));
}

/** The sandbox the command asks for (auto: Docker when an engine answers), said on stderr with its warning; its kernels do not see `hide` where it can hide files. */
async function openChosenSandbox(command: GradeCommand, hide: readonly string[]): Promise<Sandbox> {
  const limits = command.memoryMiB !== undefined ? { memoryMiB: command.memoryMiB } : {};
  const { sandbox, reason } = await openSandbox(command.sandbox, limits, (tag) => process.stderr.write(`built the sandbox image ${tag}\n`), hide);
  process.stderr.write(`sandbox: ${sandbox.kind} (${reason})\n`);
  if (sandbox.warning !== undefined) process.stderr.write(`warning: ${sandbox.warning}\n`);
  return sandbox;
}

/** Runs `minicloud grade`; resolves to the exit code. */
export async function grade(command: GradeCommand): Promise<number> {
  const instructor = command.instructor ?? instructorBeside(command.release);
  if (!existsSync(instructor)) {
    console.error(`minicloud grade: no instructor copy at ${instructor}; pass it with --instructor FILE (npx minicloud build writes it).`);
    return 2;
  }
  const name = basename(command.release, ".ipynb");
  const release = readNotebook(command.release) as GradingNotebook;
  const layout = readAssignmentLayout(name, release, readNotebook(instructor) as GradingNotebook, { release: command.release, instructor });
  const cellTimeoutS = command.timeoutS ?? 60;
  const limits = { cellTimeoutS, notebookTimeoutS: cellTimeoutS * 5, maxOutputBytes: 2 * 1024 * 1024 };
  const { extras } = command;
  if (extras.package) {
    const title = String((release.metadata["minicloud"] as { title?: unknown } | undefined)?.title ?? name);
    const outDir = command.outDir ?? join("graded", `${name}-${extras.package}`);
    const written = writePackage({ platform: extras.package, name, title, release: command.release, instructor, outDir, gradeArgs: passedOn(command), notebookTimeoutS: limits.notebookTimeoutS, force: command.force, ...(extras.image ? { image: extras.image } : {}) });
    process.stderr.write(`wrote ${written.join(" and ")}; docs/grading.md says what to upload where.\n`);
    return 0;
  }
  if (extras.platform) {
    const sandbox = await openChosenSandbox(command, []);
    const root = extras.root ?? (extras.platform === "gradescope" ? "/autograder" : "/grade");
    try {
      return await gradeOnPlatform(extras.platform, { layout, sandbox, limits, root, instructorFile: instructor, ...(extras.late ? { late: extras.late } : {}) });
    } finally {
      await sandbox.close();
    }
  }
  const submissions = findSubmissions(command.submissions);
  // Read before grading, so a mistake in it shows now rather than after the whole class ran.
  const times = extras.times === undefined ? undefined : { file: extras.times, byStudent: readSubmissionTimes(readFileSync(extras.times, "utf8"), extras.times) };
  if (submissions.length === 0) {
    console.error("minicloud grade: no submissions found (.ipynb files, or folders holding them).");
    return 2;
  }
  const outDir = command.outDir ?? join("graded", name);
  const jobs = command.jobs ?? defaultJobs();
  const sandbox = await openChosenSandbox(command, [resolve(instructor), resolve(outDir)]);
  // Run as root, the process sandbox's kernels run as an unprivileged user: what every user may read and it cannot hide, they may.
  if (sandbox.kind === "process" && mustDropRoot() && !processIsolation().hideFiles && openToOthers(instructor)) {
    process.stderr.write(`warning: every user may read the instructor copy ${instructor}, so the submissions' code may read its hidden checks: \`chmod o-r\` it (or a folder above it).\n`);
  }
  const started = Date.now();
  try {
    const result = await gradeBatch(submissions, {
      layout,
      sandbox,
      limits,
      outDir,
      jobs,
      force: command.force,
      onProgress: (done, total, g, skipped) =>
        process.stderr.write(`\r[${done}/${total}] ${g.student}: ${g.points}/${g.maxPoints}${skipped ? " (already graded)" : ` (${(g.durationMs / 1000).toFixed(1)} s)`}\x1b[K${done === total ? "\n" : ""}`),
    });
    if (extras.late || extras.format || result.grades.some((g) => g.late !== undefined)) {
      const finished = finishBatchReports(result.grades, { layout, outDir, ...(extras.format ? { format: extras.format } : {}), ...(extras.late ? { late: extras.late } : {}), ...(times ? { times } : {}) });
      for (const warning of finished.warnings) process.stderr.write(`warning: ${warning}\n`);
    }
    const seconds = (Date.now() - started) / 1000;
    process.stderr.write(`graded ${result.graded}, skipped ${result.skipped} already graded, in ${seconds.toFixed(1)} s; gradebook: ${result.gradebook}\n`);
    return 0;
  } finally {
    await sandbox.close();
  }
}
