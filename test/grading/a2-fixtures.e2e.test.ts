import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProcessSandbox } from "../../kernel-ext/grader/index.js";
import { gradeFixtures, type GradedFixtures } from "../support/graded-fixtures.js";

// The a2 fixtures (scripts/make-a2-grading-fixtures.js), each the copy its student was handed, graded as
// a class on the process sandbox with the shared release and instructor copy: exact points, and why.
describe("grading the a2-ecs fixtures on the process sandbox", () => {
  let graded: GradedFixtures;

  // One at a time (as gradeFixtures grades): the run-task and task-definition checks start containers with time budgets.
  beforeAll(async () => {
    graded = await gradeFixtures("a2-ecs", "a2", createProcessSandbox());
  }, 900_000);
  afterAll(() => graded?.remove());

  it("gives the instructor's solution, in the student's own copy, full marks with every check passed", () => {
    expect(graded.layout.exercises.map((e) => [e.id, e.points])).toEqual([
      ["a2-layout", 2],
      ["a2-fleet-cost", 2],
      ["a2-run-task", 2],
      ["a2-health", 3],
      ["a2-rollout", 3],
      ["a2-constraint", 3],
      ["a2-task-definition", 4],
    ]);
    expect(graded.points("full"), graded.why("full")).toEqual([2, 2, 2, 3, 3, 3, 4]);
    expect(graded.rules("full")).toEqual([]);
  });

  it("gives the starter nothing, each exercise with what failed", () => {
    expect(graded.points("blank"), graded.why("blank")).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(graded.grade("blank").exercises.every((e) => e.feedback.some((f) => f.rule === "check-failed"))).toBe(true);
    expect(graded.exercise("blank", "a2-layout").checks[0]).toMatchObject({ exercise: "a2-layout", passed: false, message: expect.stringContaining("Not written yet") });
  });

  it("gives a partly right notebook the points of its right answers, and says why the others failed", () => {
    expect(graded.points("partial"), graded.why("partial")).toEqual([2, 2, 2, 0, 0, 3, 0]);
    const health = graded.exercise("partial", "a2-health").checks[0]!;
    // The first generated check that hangs shows the mistake.
    expect(health).toMatchObject({ passed: false, counterexample: { input: expect.stringMatching(/hangs = true$/) } });
    const rollout = graded.exercise("partial", "a2-rollout").checks[0]!;
    expect(rollout).toMatchObject({ passed: false, message: expect.stringContaining("yourRollout() does not match"), counterexample: { input: expect.stringContaining("your service: desiredCount") } });
    expect(graded.exercise("partial", "a2-task-definition").checks[0]!.message).toContain("not implemented");
  });

  it("reports edited read-only cells and grades with the release's", () => {
    expect(graded.points("edited-locked"), graded.why("edited-locked")).toEqual([2, 2, 2, 3, 3, 3, 4]);
    expect(graded.grade("edited-locked").feedback.filter((f) => f.rule === "locked-cell-edited").map((f) => f.place).sort()).toEqual(["cell a2-layout", "cell a2-rollout-check"]);
  });

  it("gives nothing for a task definition ECS refuses, quoting ECS's ClientException, and keeps the rest", () => {
    expect(graded.points("registration-fails"), graded.why("registration-fails")).toEqual([2, 2, 2, 3, 3, 3, 0]);
    const refused = graded.exercise("registration-fails", "a2-task-definition");
    expect(refused.checks[0]!.message).toMatch(/ECS would refuse it: ClientException: Container 'web' waits for 'migrate' to succeed, so 'migrate' must have essential: false/);
    expect(refused.feedback.map((f) => f.rule)).toContain("check-failed");
  });

  it("writes the gradebook with each student's points and the total of 19", () => {
    const csv = readFileSync(join(graded.out, "gradebook.csv"), "utf8");
    expect(csv).toMatch(/^full,2,2,2,3,3,3,4,19,19$/m);
    expect(csv).toMatch(/^partial,2,2,2,0,0,3,0,9,19$/m);
    expect(readdirSync(graded.out).filter((f) => f.endsWith(".json"))).toHaveLength(5);
  });
});
