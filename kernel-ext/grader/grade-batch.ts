// A class at once: each submission graded in a fresh kernel in its own sandbox, N at a time, the kernels
// started ahead (kernel-pool.ts), each grade written as soon as it is done (so a stopped batch resumes where
// it was), then the gradebook of everyone.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { checkVisibility, feedbackHtml, gradebookCsv, parseSubmissionGrade, type SubmissionGrade } from "minicloud";
import { gradeSubmission, type GradeOptions, type Submission } from "./grade-submission.js";
import { createKernelPool } from "./kernel-pool.js";
import type { Sandbox } from "./sandbox.js";
import { keepFromKernels } from "./sandbox-user.js";

/** How to grade a batch. */
export interface BatchOptions extends GradeOptions {
  /** Where the kernels run; the caller closes it. */
  sandbox: Sandbox;
  outDir: string;
  /** How many submissions run at once. */
  jobs: number;
  /** Grade again submissions already graded in outDir. */
  force: boolean;
  /** Told after each submission, graded or skipped. */
  onProgress?: (done: number, total: number, grade: SubmissionGrade, skipped: boolean) => void;
}

/**
 * How many submissions to grade at once unless told: twice the cores. A grading kernel spends about half
 * its time waiting (a check waits out SQS visibility timeouts, Lambda timers), so one per core leaves the
 * cores idle; the points do not depend on it.
 */
export function defaultJobs(): number {
  return 2 * availableParallelism();
}

/** What a batch did. */
export interface BatchResult {
  grades: SubmissionGrade[];
  graded: number;
  skipped: number;
  gradebook: string;
}

function writeAtomically(path: string, text: string): void {
  // Written beside, then renamed: an interrupted batch never leaves half a grade that looks finished.
  writeFileSync(`${path}.partial`, text);
  renameSync(`${path}.partial`, path);
}

function previousGrade(outDir: string, submission: Submission): SubmissionGrade | undefined {
  const file = join(outDir, `${submission.student}.json`);
  if (!existsSync(file)) return undefined;
  const grade = parseSubmissionGrade(readFileSync(file, "utf8"));
  return grade?.submission === submission.path ? grade : undefined;
}

/** Grades every submission, `jobs` at a time, and writes `<student>.json`, `<student>.html` and `gradebook.csv`. */
export async function gradeBatch(submissions: readonly Submission[], options: BatchOptions): Promise<BatchResult> {
  mkdirSync(options.outDir, { recursive: true });
  // The grades hold the hidden checks' detail, and a kernel must not forge its own.
  keepFromKernels(options.outDir);
  const before = submissions.map((s) => (options.force ? undefined : previousGrade(options.outDir, s)));
  const jobs = Math.max(1, Math.min(options.jobs, submissions.length));
  const pool = createKernelPool(options.sandbox, { ahead: jobs, total: before.filter((g) => g === undefined).length });
  const grades: SubmissionGrade[] = new Array(submissions.length);
  const visibility = checkVisibility(options.layout);
  let next = 0;
  let done = 0;
  let graded = 0;
  let skipped = 0;
  const worker = async (): Promise<void> => {
    while (next < submissions.length) {
      const i = next++;
      const submission = submissions[i]!;
      const previous = before[i];
      const grade = previous ?? (await gradeSubmission(submission, pool, options));
      if (previous === undefined) {
        writeAtomically(join(options.outDir, `${submission.student}.html`), feedbackHtml(grade, visibility));
        writeAtomically(join(options.outDir, `${submission.student}.json`), JSON.stringify(grade, null, 2) + "\n");
        graded++;
      } else skipped++;
      grades[i] = grade;
      options.onProgress?.(++done, submissions.length, grade, previous !== undefined);
    }
  };
  try {
    await Promise.all(Array.from({ length: jobs }, worker));
  } finally {
    await pool.close();
  }
  const gradebook = join(options.outDir, "gradebook.csv");
  writeAtomically(gradebook, gradebookCsv(options.layout.exercises.map((e) => e.id), grades));
  return { grades, graded, skipped, gradebook };
}
