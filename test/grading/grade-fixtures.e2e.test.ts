import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAssignmentLayout, type GradingNotebook, type SubmissionGrade } from "minicloud";
import { createDockerSandbox, createProcessSandbox, findSubmissions, gradeBatch, processIsolation, type Sandbox } from "../../kernel-ext/grader/index.js";
import { sessionsDir } from "../../src/engines/session-records.js";
import { processesWith } from "../support/processes.js";
import { dockerRequirement } from "../support/requirements.js";

const root = new URL("../../", import.meta.url).pathname;
const load = (path: string): GradingNotebook => JSON.parse(readFileSync(join(root, path), "utf8")) as GradingNotebook;
const layout = readAssignmentLayout("a1-lambda", load("assignments/a1-lambda/release/a1-lambda.ipynb"), load("assignments/a1-lambda/instructor/a1-lambda.ipynb"));
const fixtures = join(root, "test/fixtures/grading/a1");
const limits = { cellTimeoutS: 25, notebookTimeoutS: 150, maxOutputBytes: 1024 * 1024 };

/** The fork bomb fixture's shell function, found in its processes' command lines. */
const BOMB = "bomb() { bomb | bomb & }; bomb";

/** Every reason the grader gave about a submission, and the first counterexample of each failed check: printed when points differ. */
function reasonsOf(grade: SubmissionGrade): string {
  const items = [...grade.feedback, ...grade.exercises.flatMap((e) => e.feedback)].map((f) => `${f.place}: ${f.reason}`);
  const counterexamples = grade.exercises.flatMap((e) => e.checks.filter((c) => !c.passed && c.counterexample).map((c) => `${c.exercise}: ${JSON.stringify(c.counterexample)}`));
  return JSON.stringify([...items, ...counterexamples], null, 1);
}

const docker = await dockerRequirement();
const pidsLimit = processIsolation().cgroups !== undefined;
const sandboxes: { kind: string; open: () => Promise<Sandbox>; skip: boolean; reason: string; forkBomb: string }[] = [
  // Without a process-count limit a fork bomb would take the whole machine: that fixture is left out there, and the test says so.
  { kind: "process", open: async () => createProcessSandbox(), skip: false, reason: "", forkBomb: pidsLimit ? "" : "the grader may not make control groups here, so nothing limits the process count" },
  { kind: "docker", open: () => createDockerSandbox(), ...docker, forkBomb: "" },
];

// The a1 fixtures graded as a class on each sandbox, two at a time: exact points and the reasons for each.
for (const sandboxCase of sandboxes) {
  describe.skipIf(sandboxCase.skip)(`grading the a1-lambda fixtures on the ${sandboxCase.kind} sandbox${sandboxCase.reason ? ` (${sandboxCase.reason})` : ""}`, () => {
    const out = mkdtempSync(join(tmpdir(), "minicloud-graded-"));
    const grades = new Map<string, SubmissionGrade>();
    const rules = (student: string): string[] => [...grades.get(student)!.feedback, ...grades.get(student)!.exercises.flatMap((e) => e.feedback)].map((f) => f.rule);
    const reasons = (student: string): string => grades.get(student)!.feedback.map((f) => f.reason).join("\n");
    const points = (student: string): number[] => grades.get(student)!.exercises.map((e) => e.points);
    // Printed when an assertion on points fails: every reason the grader gave.
    const why = (student: string): string => reasonsOf(grades.get(student)!);
    const submissions = findSubmissions([fixtures]).filter((s) => s.student !== "fork-bomb" || sandboxCase.forkBomb === "");
    let sandbox: Sandbox;
    const envBefore = { TMPDIR: process.env["TMPDIR"], MINICLOUD_SESSIONS_DIR: process.env["MINICLOUD_SESSIONS_DIR"] };
    const sandboxTmp = mkdtempSync(join(tmpdir(), "minicloud-grading-tmp-"));
    // As /tmp is: a grader run as root runs its kernels as other users, who must pass through to their folders.
    chmodSync(sandboxTmp, 0o711);
    const options = () => ({ layout, sandbox, limits, force: false });

    beforeAll(async () => {
      // The sandboxes' folders go to a temp folder of this test's own, which must be empty at the end. The
      // session records stay where every minicloud looks: a session without one is stale, and its containers
      // are removed by the next Cloud.start on the machine.
      process.env["MINICLOUD_SESSIONS_DIR"] = sessionsDir();
      process.env["TMPDIR"] = sandboxTmp;
      sandbox = await sandboxCase.open();
      const result = await gradeBatch(submissions, { ...options(), outDir: out, jobs: 2 });
      for (const g of result.grades) grades.set(g.student, g);
    }, 1_200_000);
    afterAll(async () => {
      await sandbox?.close();
      for (const [name, value] of Object.entries(envBefore)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      rmSync(out, { recursive: true, force: true });
      rmSync(sandboxTmp, { recursive: true, force: true });
    });

    it("gives the instructor's solution full marks, with every check passed", () => {
      expect(points("full"), why("full")).toEqual([3, 2, 3, 2, 2, 2]);
      expect(rules("full")).toEqual([]);
      expect(grades.get("full")!.sandbox).toBe(sandboxCase.kind);
    });

    it("gives the release nothing, and says each answer is not written yet", () => {
      expect(points("blank"), why("blank")).toEqual([0, 0, 0, 0, 0, 0]);
      const billed = grades.get("blank")!.exercises[1]!;
      expect(billed.checks[0]).toMatchObject({ exercise: "03-billed-duration", passed: false, message: expect.stringContaining("Not written yet") });
      expect(billed.checks[0]!.counterexample).toBeUndefined();
    });

    it("gives a partly right notebook the points of its right answers", () => {
      expect(points("partial"), why("partial")).toEqual([3, 0, 3, 2, 0, 0]);
      expect(grades.get("partial")!.exercises[1]!.feedback.map((f) => f.rule)).toEqual(["check-failed", "check-failed"]);
      expect(grades.get("partial")!.exercises[1]!.feedback[0]!.reason).toMatch(/billed\(99\.99, 250\.5, "current"\) is 100; expected 351/);
    });

    it("keeps what completed before a cell that never ends, and says which timed out", () => {
      expect(points("timeout"), why("timeout")).toEqual([3, 2, 3, 2, 0, 0]);
      expect(rules("timeout")).toContain("run-timeout");
    });

    it("keeps what completed before the kernel crashed, and zero after it, with the reason", () => {
      expect(points("crash"), why("crash")).toEqual([3, 2, 0, 0, 0, 0]);
      expect(rules("crash")).toContain("run-dead-kernel");
    });

    it("reports edited read-only cells and grades with the release's", () => {
      expect(points("edited-locked"), why("edited-locked")).toEqual([3, 2, 3, 2, 2, 2]);
      expect(grades.get("edited-locked")!.feedback.filter((f) => f.rule === "locked-cell-edited").map((f) => f.place).sort()).toEqual(["cell a1-monthly-cost", "cell a1-monthly-cost-check"]);
    });

    it("gives nothing for printed ✓ lines and forged report lines", () => {
      expect(points("fake-ticks"), why("fake-ticks")).toEqual([0, 0, 0, 0, 0, 0]);
      expect(grades.get("fake-ticks")!.exercises.every((e) => e.feedback.some((f) => f.rule === "check-failed"))).toBe(true);
    });

    it("gives nothing for redefining check and display or replacing registered exercises", () => {
      expect(points("redefine-check"), why("redefine-check")).toEqual([0, 0, 0, 0, 0, 0]);
      expect(grades.get("redefine-check")!.exercises.every((e) => e.feedback.some((f) => f.rule === "check-failed"))).toBe(true);
      expect(rules("redefine-check")).not.toContain("run-timeout");
    });

    it("gives nothing for exiting early, and says the kernel exited", () => {
      expect(points("exit-early"), why("exit-early")).toEqual([0, 0, 0, 0, 0, 0]);
      expect(rules("exit-early")).toContain("run-dead-kernel");
    });

    it("keeps what completed before the heap filled up, zero after, and says it ran out of memory", () => {
      expect(points("memory-hog"), why("memory-hog")).toEqual([3, 2, 0, 0, 0, 0]);
      expect(rules("memory-hog")).toContain("run-dead-kernel");
      expect(reasons("memory-hog")).toMatch(/out of memory/);
    });

    it("stops a notebook that floods its output at the cap, keeping what completed before", () => {
      expect(points("output-flood"), why("output-flood")).toEqual([3, 2, 3, 0, 0, 0]);
      expect(rules("output-flood")).toContain("run-output-limit");
      expect(reasons("output-flood")).toMatch(/more than 1048576 bytes|past 1048576 bytes/);
    });

    it.skipIf(sandboxCase.forkBomb !== "")(`holds a fork bomb to the sandbox's process limit and ends it with the sandbox${sandboxCase.forkBomb ? ` (${sandboxCase.forkBomb})` : ""}`, () => {
      expect(points("fork-bomb"), why("fork-bomb")).toEqual([3, 2, 3, 2, 0, 0]);
      expect(rules("fork-bomb")).toContain("run-timeout");
      expect(processesWith(BOMB)).toEqual([]);
    });

    it("writes a JSON grade and an HTML page per student and the gradebook, and leaves no sandbox behind", () => {
      const files = readdirSync(out).sort();
      expect(files).toContain("gradebook.csv");
      expect(files.filter((f) => f.endsWith(".html"))).toHaveLength(submissions.length);
      expect(readFileSync(join(out, "gradebook.csv"), "utf8")).toMatch(/^full,3,2,3,2,2,2,14,14$/m);
      expect(readFileSync(join(out, "partial.html"), "utf8")).toContain("03-billed-duration");
      expect(readdirSync(sandboxTmp).filter((n) => n.startsWith("minicloud-grade-"))).toEqual([]);
    });

    it("gives every fixture the same points one at a time as two at a time", async () => {
      const again = mkdtempSync(join(tmpdir(), "minicloud-graded-"));
      try {
        const result = await gradeBatch(submissions, { ...options(), outDir: again, jobs: 1 });
        const byStudent = (list: Iterable<SubmissionGrade>) => Object.fromEntries([...list].map((g) => [g.student, g.exercises.map((e) => e.points)]));
        const differing = result.grades.filter((g) => JSON.stringify(g.exercises.map((e) => e.points)) !== JSON.stringify(points(g.student)));
        const explain = differing.map((g) => `${g.student}: ${reasonsOf(g)} / two at a time: ${why(g.student)}`).join("\n");
        expect(byStudent(result.grades), explain).toEqual(byStudent(grades.values()));
      } finally {
        rmSync(again, { recursive: true, force: true });
      }
    }, 1_200_000);

    it("skips submissions already graded when run again", async () => {
      const result = await gradeBatch(findSubmissions([join(fixtures, "full.ipynb")]), { ...options(), outDir: out, jobs: 1 });
      expect([result.graded, result.skipped]).toEqual([0, 1]);
    });
  });
}
