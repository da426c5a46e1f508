import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAssignmentLayout, type GradingNotebook, type SubmissionGrade } from "minicloud";
import { createProcessSandbox, findSubmissions, gradeBatch } from "../../kernel-ext/grader/index.js";

const root = new URL("../../", import.meta.url).pathname;
const load = (path: string): GradingNotebook => JSON.parse(readFileSync(join(root, path), "utf8")) as GradingNotebook;

// The a1 fixtures graded as a class on the process sandbox: exact points and the reasons for each.
describe("grading the a1-lambda fixtures on the process sandbox", () => {
  const out = mkdtempSync(join(tmpdir(), "minicloud-graded-"));
  const grades = new Map<string, SubmissionGrade>();
  const layout = readAssignmentLayout("a1-lambda", load("assignments/a1-lambda/release/a1-lambda.ipynb"), load("assignments/a1-lambda/instructor/a1-lambda.ipynb"));
  const rules = (student: string): string[] => [...grades.get(student)!.feedback, ...grades.get(student)!.exercises.flatMap((e) => e.feedback)].map((f) => f.rule);
  const points = (student: string): number[] => grades.get(student)!.exercises.map((e) => e.points);
  const options = {
    layout,
    sandbox: createProcessSandbox(),
    limits: { cellTimeoutS: 25, notebookTimeoutS: 150, maxOutputBytes: 1024 * 1024 },
    outDir: out,
    force: false,
  };

  beforeAll(async () => {
    const result = await gradeBatch(findSubmissions([join(root, "test/fixtures/grading/a1")]), {
      ...options,
      // One at a time: the handler exercises run real Lambda invocations with a 3 s timeout, which two
      // kernels checking at once on 2 cores can exceed.
      jobs: 1,
    });
    for (const g of result.grades) grades.set(g.student, g);
  }, 600_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("gives the instructor's solution full marks, with every check passed", () => {
    expect(points("full")).toEqual([3, 2, 3, 2, 2, 2]);
    expect(rules("full")).toEqual([]);
  });

  it("gives the release nothing, with the first counterexample and the hint", () => {
    expect(points("blank")).toEqual([0, 0, 0, 0, 0, 0]);
    const billed = grades.get("blank")!.exercises[1]!;
    expect(billed.checks[0]).toMatchObject({ exercise: "03-billed-duration", passed: false, counterexample: { actual: expect.stringContaining("not implemented") } });
    expect(billed.checks[0]!.hint).toMatch(/round/);
  });

  it("gives a partly right notebook the points of its right answers", () => {
    expect(points("partial")).toEqual([3, 0, 3, 2, 0, 0]);
    expect(grades.get("partial")!.exercises[1]!.feedback.map((f) => f.rule)).toEqual(["check-failed", "check-failed"]);
    expect(grades.get("partial")!.exercises[1]!.feedback[0]!.reason).toMatch(/billed\(99\.99, 250\.5, "current"\) is 100; expected 351/);
  });

  it("keeps what completed before a cell that never ends, and says which timed out", () => {
    expect(points("timeout")).toEqual([3, 2, 3, 2, 0, 0]);
    expect(rules("timeout")).toContain("run-timeout");
  });

  it("keeps what completed before the kernel crashed, and zero after it, with the reason", () => {
    expect(points("crash")).toEqual([3, 2, 0, 0, 0, 0]);
    expect(rules("crash")).toContain("run-dead-kernel");
  });

  it("reports edited read-only cells and grades with the release's", () => {
    expect(points("edited-locked")).toEqual([3, 2, 3, 2, 2, 2]);
    expect(grades.get("edited-locked")!.feedback.filter((f) => f.rule === "locked-cell-edited").map((f) => f.place).sort()).toEqual(["cell a1-monthly-cost", "cell a1-monthly-cost-check"]);
  });

  it("gives nothing for printed ✓ lines and forged report lines", () => {
    expect(points("fake-ticks")).toEqual([0, 0, 0, 0, 0, 0]);
    expect(grades.get("fake-ticks")!.exercises.every((e) => e.feedback.some((f) => f.rule === "check-failed"))).toBe(true);
  });

  it("gives nothing for redefining check and display or replacing registered exercises", () => {
    expect(points("redefine-check")).toEqual([0, 0, 0, 0, 0, 0]);
    expect(grades.get("redefine-check")!.exercises.every((e) => e.feedback.some((f) => f.rule === "check-failed"))).toBe(true);
    expect(rules("redefine-check")).not.toContain("run-timeout");
  });

  it("gives nothing for exiting early, and says the kernel exited", () => {
    expect(points("exit-early")).toEqual([0, 0, 0, 0, 0, 0]);
    expect(rules("exit-early")).toContain("run-dead-kernel");
  });

  it("writes a JSON grade and an HTML page per student and the gradebook", () => {
    const files = readdirSync(out).sort();
    expect(files).toContain("gradebook.csv");
    expect(files.filter((f) => f.endsWith(".html"))).toHaveLength(9);
    expect(readFileSync(join(out, "gradebook.csv"), "utf8")).toMatch(/^full,3,2,3,2,2,2,14,14$/m);
    expect(readFileSync(join(out, "partial.html"), "utf8")).toContain("03-billed-duration");
  });

  it("skips submissions already graded when run again", async () => {
    const again = await gradeBatch(findSubmissions([join(root, "test/fixtures/grading/a1/full.ipynb")]), { ...options, jobs: 1 });
    expect([again.graded, again.skipped]).toEqual([0, 1]);
  });
});
