// `minicloud grade RELEASE --platform gradescope|prairielearn [--root DIR]`: what the packaged scripts run
// inside a platform's grading container. It grades the one notebook the student handed in and writes
// results.json where the platform reads it — always, even when grading fails, so the student never
// sees a silent error (Gradescope's best practices ask for this; PrairieLearn marks a run without it failed).
//   Gradescope:   /autograder/submission/ → /autograder/results/results.json, student and times from
//                 /autograder/submission_metadata.json
//                 (https://gradescope-autograders.readthedocs.io/en/latest/specs/#file-hierarchy)
//   PrairieLearn: /grade/student/ → /grade/results/results.json
//                 (https://prairielearn.readthedocs.io/en/latest/externalGrading/#the-grading-process)
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { applyLatePolicy, DEFAULT_STUDENT, gradescopeFailure, parseLatePolicy, prairielearnNotGradable, type LatePolicyOptions, type SubmissionGrade } from "minicloud";
import { createKernelPool, gradeSubmission, keepFromKernels, type GradeOptions, type Sandbox } from "../kernel-ext/grader/index.js";
import type { Platform } from "./grade-options.js";
import { platformResults } from "./grade-reports.js";

/** The fields of Gradescope's submission_metadata.json the grader reads. */
interface GradescopeMetadata {
  created_at?: string;
  assignment?: { due_date?: string | null };
  users?: { email?: string; id?: number }[];
}

function layoutOf(platform: Platform, root: string): { submissionDir: string; resultsFile: string } {
  return platform === "gradescope"
    ? { submissionDir: join(root, "submission"), resultsFile: join(root, "results", "results.json") }
    : { submissionDir: join(root, "student"), resultsFile: join(root, "results", "results.json") };
}

function notebooksUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    // Jupyter's checkpoints and macOS's zip leftovers are copies, not the work handed in.
    if (entry.name.startsWith(".") || entry.name === "__MACOSX") return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? notebooksUnder(path) : entry.name.endsWith(".ipynb") ? [path] : [];
  });
}

/** The notebook to grade among what was handed in: the one named like the release, else the only one. */
export function findHandedInNotebook(dir: string, releaseName: string): string | Error {
  const notebooks = notebooksUnder(dir);
  const named = notebooks.filter((p) => basename(p) === `${releaseName}.ipynb`);
  if (named.length === 1) return named[0]!;
  if (named.length === 0 && notebooks.length === 1) return notebooks[0]!;
  if (notebooks.length === 0) return new Error(`No notebook was handed in; upload your ${releaseName}.ipynb.`);
  return new Error(`${notebooks.length} notebooks were handed in (${notebooks.map((p) => basename(p)).join(", ")}); upload only ${releaseName}.ipynb.`);
}

function readMetadata(root: string): GradescopeMetadata {
  const file = join(root, "submission_metadata.json");
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as GradescopeMetadata) : {};
}

/** Applies the late policy on Gradescope: the submission time is Gradescope's, the due date the option's or else the assignment's. */
function withLateness(grade: SubmissionGrade, late: Partial<LatePolicyOptions>, metadata: GradescopeMetadata, log: (line: string) => void): SubmissionGrade {
  const due = late.due ?? metadata.assignment?.due_date ?? undefined;
  if (due === undefined || metadata.created_at === undefined) {
    log(`late policy not applied: submission_metadata.json gives ${due === undefined ? "no due date (set one on the assignment, or package with --due)" : "no submission time"}.`);
    return grade;
  }
  return applyLatePolicy(grade, parseLatePolicy({ ...late, due }), { ms: Date.parse(metadata.created_at), source: "gradescope" });
}

function writeResults(file: string, results: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.partial`, JSON.stringify(results, null, 2) + "\n");
  renameSync(`${file}.partial`, file);
}

/**
 * Removes the instructor copy once the grader has read it, when it lies inside the platform's folder: a
 * platform grades each submission in a fresh container, and the kernel that runs the submission's code
 * may read what every user may (it runs as an unprivileged user of its own when the grader is root, as
 * on Gradescope), so on disk the hidden checks would be readable by that code.
 */
function removeInstructorCopy(file: string, root: string, log: (line: string) => void): void {
  const inside = relative(resolve(root), resolve(file));
  if (inside.startsWith("..") || isAbsolute(inside)) return log(`kept the instructor copy ${file}: it is outside ${root}, so this is not a platform's container.`);
  rmSync(file, { force: true });
}

/** Grades the submission a platform put under `root` and writes its results.json; resolves to the exit code. */
export async function gradeOnPlatform(platform: Platform, options: GradeOptions & { sandbox: Sandbox; root: string; instructorFile: string; late?: Partial<LatePolicyOptions>; log?: (line: string) => void }): Promise<number> {
  const log = options.log ?? ((line: string) => console.log(line));
  const { submissionDir, resultsFile } = layoutOf(platform, options.root);
  removeInstructorCopy(options.instructorFile, options.root, log);
  // Before any kernel starts: the submission's code must not write (or read) the results.
  mkdirSync(dirname(resultsFile), { recursive: true });
  keepFromKernels(dirname(resultsFile));
  const fail = (reason: string, studentsFault: boolean): number => {
    writeResults(resultsFile, platform === "gradescope" ? gradescopeFailure(reason) : prairielearnNotGradable([reason]));
    log(`not graded: ${reason}`);
    return studentsFault ? 0 : 1;
  };
  try {
    const notebook = findHandedInNotebook(submissionDir, options.layout.name);
    if (notebook instanceof Error) return fail(notebook.message, true);
    const metadata = platform === "gradescope" ? readMetadata(options.root) : {};
    // Per-student parameters follow the id the copies were built for: Gradescope's email; elsewhere the shared copy's.
    const user = metadata.users?.[0];
    const student = user?.email || (user?.id !== undefined ? String(user.id) : DEFAULT_STUDENT);
    const kernels = createKernelPool(options.sandbox, { ahead: 1, total: 1 });
    let grade = await gradeSubmission({ student, path: notebook }, kernels, options).finally(() => kernels.close());
    if (options.late !== undefined && platform === "gradescope") grade = withLateness(grade, options.late, metadata, log);
    writeResults(resultsFile, platformResults(platform, grade, options.layout));
    log(`${grade.assignment} · ${grade.student}: ${grade.points} / ${grade.maxPoints}${grade.late ? ` (${grade.late.summary})` : ""}`);
    // Gradescope shows stdout to instructors only (stdout_visibility is hidden): the whole grade, for reviewing.
    if (platform === "gradescope") log(JSON.stringify(grade, null, 2));
    return 0;
  } catch (error) {
    return fail(`The grader could not grade this submission (${(error as Error).message}). This is not a problem with your work: tell your instructor.`, false);
  }
}
