import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAssignmentLayout, type GradingNotebook, type SubmissionGrade } from "minicloud";
import { createProcessSandbox, findSubmissions, gradeBatch } from "../../kernel-ext/grader/index.js";

const root = new URL("../../", import.meta.url).pathname;
const load = (path: string): GradingNotebook => JSON.parse(readFileSync(join(root, path), "utf8")) as GradingNotebook;

// The a2 fixtures (scripts/make-a2-grading-fixtures.js), each the copy its student was handed, graded as
// a class on the process sandbox with the shared release and instructor copy: exact points, and why.
describe("grading the a2-ecs fixtures on the process sandbox", () => {
  const out = mkdtempSync(join(tmpdir(), "minicloud-graded-a2-"));
  const grades = new Map<string, SubmissionGrade>();
  const layout = readAssignmentLayout("a2-ecs", load("assignments/a2-ecs/release/a2-ecs.ipynb"), load("assignments/a2-ecs/instructor/a2-ecs.ipynb"));
  const grade = (student: string): SubmissionGrade => grades.get(student)!;
  const rules = (student: string): string[] => [...grade(student).feedback, ...grade(student).exercises.flatMap((e) => e.feedback)].map((f) => f.rule);
  const points = (student: string): number[] => grade(student).exercises.map((e) => e.points);
  const exercise = (student: string, id: string) => grade(student).exercises.find((e) => e.id === id)!;

  beforeAll(async () => {
    const result = await gradeBatch(findSubmissions([join(root, "test/fixtures/grading/a2")]), {
      layout,
      sandbox: createProcessSandbox(),
      // The default per-cell limit: a2 must grade within what `minicloud grade` allows.
      limits: { cellTimeoutS: 60, notebookTimeoutS: 300, maxOutputBytes: 1024 * 1024 },
      outDir: out,
      force: false,
      // One at a time: the run-task and task-definition checks start containers with time budgets.
      jobs: 1,
    });
    for (const g of result.grades) grades.set(g.student, g);
  }, 900_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("gives the instructor's solution, in the student's own copy, full marks with every check passed", () => {
    expect(layout.exercises.map((e) => [e.id, e.points])).toEqual([
      ["a2-layout", 2],
      ["a2-fleet-cost", 2],
      ["a2-run-task", 2],
      ["a2-health", 3],
      ["a2-rollout", 3],
      ["a2-constraint", 3],
      ["a2-task-definition", 4],
    ]);
    expect(points("full")).toEqual([2, 2, 2, 3, 3, 3, 4]);
    expect(rules("full")).toEqual([]);
  });

  it("gives the starter nothing, each exercise with what failed", () => {
    expect(points("blank")).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(grade("blank").exercises.every((e) => e.feedback.some((f) => f.rule === "check-failed"))).toBe(true);
    expect(exercise("blank", "a2-layout").checks[0]).toMatchObject({ exercise: "a2-layout", passed: false, message: expect.stringContaining("Not written yet") });
  });

  it("gives a partly right notebook the points of its right answers, and says why the others failed", () => {
    expect(points("partial")).toEqual([2, 2, 2, 0, 0, 3, 0]);
    const health = exercise("partial", "a2-health").checks[0]!;
    // The first generated check that hangs shows the mistake.
    expect(health).toMatchObject({ passed: false, counterexample: { input: expect.stringMatching(/hangs = true$/) } });
    const rollout = exercise("partial", "a2-rollout").checks[0]!;
    expect(rollout).toMatchObject({ passed: false, message: expect.stringContaining("yourRollout() does not match"), counterexample: { input: expect.stringContaining("your service: desiredCount") } });
    expect(exercise("partial", "a2-task-definition").checks[0]!.message).toContain("not implemented");
  });

  it("reports edited read-only cells and grades with the release's", () => {
    expect(points("edited-locked")).toEqual([2, 2, 2, 3, 3, 3, 4]);
    expect(grade("edited-locked").feedback.filter((f) => f.rule === "locked-cell-edited").map((f) => f.place).sort()).toEqual(["cell a2-layout", "cell a2-rollout-check"]);
  });

  it("gives nothing for a task definition ECS refuses, quoting ECS's ClientException, and keeps the rest", () => {
    expect(points("registration-fails")).toEqual([2, 2, 2, 3, 3, 3, 0]);
    const refused = exercise("registration-fails", "a2-task-definition");
    expect(refused.checks[0]!.message).toMatch(/ECS would refuse it: ClientException: Container 'web' waits for 'migrate' to succeed, so 'migrate' must have essential: false/);
    expect(refused.feedback.map((f) => f.rule)).toContain("check-failed");
  });

  it("writes the gradebook with each student's points and the total of 19", () => {
    const csv = readFileSync(join(out, "gradebook.csv"), "utf8");
    expect(csv).toMatch(/^full,2,2,2,3,3,3,4,19,19$/m);
    expect(csv).toMatch(/^partial,2,2,2,0,0,3,0,9,19$/m);
    expect(readdirSync(out).filter((f) => f.endsWith(".json"))).toHaveLength(5);
  });
});
