// A grader run as root (as on Gradescope) runs each kernel as an unprivileged user of its own: a
// submission that tries to forge its results, leave files beside them, read other grades or the hidden
// checks, or outlive its kernel to forge the results later, gets nowhere and only the points it earned.
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exerciseParameters, lambdaCost, readAssignmentLayout, type GradingNotebook } from "minicloud";
import { gradeOnPlatform } from "../../cli/grade-platform.js";
import { createProcessSandbox, gradeBatch, processIsolation } from "../../kernel-ext/grader/index.js";

const root = new URL("../../", import.meta.url).pathname;
const release = join(root, "assignments/a0-example/release/a0-example.ipynb");
const instructor = join(root, "assignments/a0-example/instructor/a0-example.ipynb");
const load = (path: string): GradingNotebook => JSON.parse(readFileSync(path, "utf8")) as GradingNotebook;
const layout = readAssignmentLayout("a0-example", load(release), load(instructor));
const limits = { cellTimeoutS: 60, notebookTimeoutS: 240, maxOutputBytes: 1024 * 1024 };
const isRoot = process.getuid?.() === 0;
const cannotHide = isRoot && !processIsolation().hideFiles ? "unshare may not make a mount namespace here, so the sandbox cannot cover files" : "";

/** What the hidden check says to the instructor about this submission: the bill it expected. */
const mine = exerciseParameters("a0-bill", "anonymous");
const expectedBill = `$${lambdaCost({ requests: Number(mine["requestsPerMonth"]), durationMs: Number(mine["durationMs"]), memoryMB: Number(mine["memoryMB"]) }).total.toFixed(2)}`;

/** The escape-attempt fixture, aimed at `target` and `instructorCopy`, written to `path`. */
function writeAttempt(path: string, target: string, instructorCopy: string): void {
  const text = readFileSync(join(root, "test/fixtures/grading/a0/escape-attempt.ipynb"), "utf8");
  writeFileSync(path, text.replaceAll("__TARGET__", target).replaceAll("__INSTRUCTOR__", instructorCopy));
}

/** A folder every user may look into, as the folders a grader is given usually are. */
function openFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

/** Waits longer than the attempt's background process sleeps before it forges the results. */
const outlived = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 4000));

describe.skipIf(!isRoot)(`a grader run as root${isRoot ? "" : " (skipped: this grader is not root, so its kernels run as its own user and there is no root to drop)"}`, () => {
  it("keeps a Gradescope submission from its results and the hidden checks, and gives it only the points it earned", async () => {
    const platform = openFolder("minicloud-autograder-");
    const sandbox = createProcessSandbox();
    try {
      // Gradescope's layout, as the packaged run_autograder makes it (results/ made by the script, as root).
      const copy = join(platform, "source/assignment/instructor/a0-example.ipynb");
      mkdirSync(join(platform, "source/assignment/instructor"), { recursive: true });
      cpSync(instructor, copy);
      for (const dir of ["submission", "results"]) mkdirSync(join(platform, dir), { mode: 0o755 });
      writeAttempt(join(platform, "submission/a0-example.ipynb"), join(platform, "results"), copy);
      const log: string[] = [];
      const code = await gradeOnPlatform("gradescope", { layout, sandbox, limits, root: platform, instructorFile: copy, log: (line) => log.push(line) });
      await outlived();
      expect(code, log.join("\n")).toBe(0);
      const results = readFileSync(join(platform, "results/results.json"), "utf8");
      expect(JSON.parse(results), log.join("\n")).toMatchObject({ score: 0, tests: [{ name: "a0-bill", score: 0, max_score: 3, status: "failed" }] });
      expect(existsSync(join(platform, "results/escaped.txt"))).toBe(false);
      expect(existsSync(join(platform, "results/late.txt"))).toBe(false);
      // The student reads that a hidden case failed, never what it expected; the instructor's log has it.
      expect(results).toContain("a hidden case failed — review a0-bill");
      expect(results).not.toContain(expectedBill);
      expect(log.join("\n")).toContain(expectedBill);
    } finally {
      await sandbox.close();
      rmSync(platform, { recursive: true, force: true });
    }
  }, 300_000);

  /** Grades the escape attempt as a batch, the instructor copy with mode `mode`, hiding `hide` (of copy and outDir) from the kernel. */
  const batchCase = (mode: number, hide: (paths: { copy: string; outDir: string }) => string[]) => async () => {
    const outDir = openFolder("minicloud-graded-");
    const work = openFolder("minicloud-class-");
    const copy = join(work, "a0-example-instructor.ipynb");
    const sandbox = createProcessSandbox({}, hide({ copy, outDir }));
    try {
      cpSync(instructor, copy);
      chmodSync(copy, mode);
      // Another student's grade, as the instructor's JSON keeps it: with the hidden checks' words in it.
      const other = JSON.stringify({ student: "other-student", feedback: [{ reason: "BEGIN HIDDEN TESTS" }] });
      writeFileSync(join(outDir, "other-student.json"), other, { mode: 0o644 });
      writeAttempt(join(work, "anonymous.ipynb"), outDir, copy);
      const result = await gradeBatch([{ student: "anonymous", path: join(work, "anonymous.ipynb") }], { layout, sandbox, limits, outDir, jobs: 1, force: true });
      await outlived();
      const grade = result.grades[0]!;
      expect(grade.points, JSON.stringify(grade.exercises[0]!.feedback)).toBe(0);
      expect(statSync(outDir).mode & 0o007).toBe(0);
      expect(readFileSync(join(outDir, "other-student.json"), "utf8")).toBe(other);
      for (const name of ["escaped.txt", "late.txt", "results.json"]) expect(existsSync(join(outDir, name))).toBe(false);
      // The instructor's JSON keeps the hidden check's words; the student's page does not.
      expect(readFileSync(join(outDir, "anonymous.json"), "utf8")).toContain(expectedBill);
      const page = readFileSync(join(outDir, "anonymous.html"), "utf8");
      expect(page).not.toContain(expectedBill);
      expect(page).toContain("a hidden case failed — review a0-bill");
    } finally {
      await sandbox.close();
      rmSync(outDir, { recursive: true, force: true });
      rmSync(work, { recursive: true, force: true });
    }
  };

  it("keeps a batch's submissions from the grades folder and from an instructor copy kept to its owner", batchCase(0o600, () => []), 300_000);

  it.skipIf(cannotHide !== "")(
    `hides the grader's files it is told to hide, even an instructor copy every user may read${cannotHide ? ` (${cannotHide})` : ""}`,
    batchCase(0o644, ({ copy, outDir }) => [copy, outDir]),
    300_000,
  );
});
