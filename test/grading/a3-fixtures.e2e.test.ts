import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDockerSandbox, createProcessSandbox, type Sandbox } from "../../kernel-ext/grader/index.js";
import { gradeFixtures, type GradedFixtures } from "../support/graded-fixtures.js";
import { dockerRequirement } from "../support/requirements.js";

const docker = await dockerRequirement();
const sandboxes: { kind: string; open: () => Promise<Sandbox>; skip: boolean; reason: string }[] = [
  { kind: "process", open: async () => createProcessSandbox(), skip: false, reason: "" },
  { kind: "docker", open: () => createDockerSandbox(), ...docker },
];

// The a3 fixtures (scripts/make-a3-grading-fixtures.js), each the copy its student was handed, graded as a
// class with the shared release and instructor copy on each sandbox — its function, queue, bucket and
// Fargate task running on minicloud's process engine inside the kernel: exact points, and why.
for (const sandboxCase of sandboxes) {
  describe.skipIf(sandboxCase.skip)(`grading the a3-capstone fixtures on the ${sandboxCase.kind} sandbox${sandboxCase.reason ? ` (${sandboxCase.reason})` : ""}`, () => {
    let graded: GradedFixtures;

    beforeAll(async () => {
      graded = await gradeFixtures("a3-capstone", "a3", await sandboxCase.open());
    }, 900_000);
    afterAll(() => graded?.remove());

    it("gives the instructor's solution, in the student's own copy, full marks with every check passed", () => {
      expect(graded.layout.exercises.map((e) => [e.id, e.points])).toEqual([
        ["a3-submit", 4],
        ["a3-consume", 4],
        ["a3-worker", 5],
        ["a3-lambda-or-fargate", 3],
        ["a3-poison", 3],
      ]);
      expect(graded.points("full"), graded.why("full")).toEqual([4, 4, 5, 3, 3]);
      expect(graded.rules("full")).toEqual([]);
    });

    it("gives the starter nothing, each exercise with what failed", () => {
      expect(graded.points("blank"), graded.why("blank")).toEqual([0, 0, 0, 0, 0]);
      expect(graded.grade("blank").exercises.every((e) => e.feedback.some((f) => f.rule === "check-failed"))).toBe(true);
      expect(graded.exercise("blank", "a3-worker").checks[0]!.message).toContain("not implemented");
    });

    it("gives a partly right notebook the points of its right answers, and says why the others failed", () => {
      expect(graded.points("partial"), graded.why("partial")).toEqual([4, 0, 5, 3, 0]);
      // A good job beside a poison one came back with its batch and ended in the dead-letter queue.
      expect(graded.exercise("partial", "a3-consume").checks[0]).toMatchObject({ passed: false, counterexample: { expected: "reported in S3 and deleted", actual: expect.stringContaining("dead-letter queue") } });
      expect(graded.exercise("partial", "a3-poison").checks[0]).toMatchObject({ passed: false, counterexample: expect.objectContaining({ expected: expect.stringContaining("receivedAt") }) });
    });

    it("reports edited read-only cells and grades with the release's", () => {
      expect(graded.points("edited-locked"), graded.why("edited-locked")).toEqual([4, 4, 5, 3, 3]);
      expect(graded.grade("edited-locked").feedback.filter((f) => f.rule === "locked-cell-edited").map((f) => f.place).sort()).toEqual(["cell a3-poison-check", "cell a3-submit"]);
    });

    it("gives nothing for a worker ECS refuses, quoting ECS's ClientException, and keeps the rest", () => {
      expect(graded.points("registration-fails"), graded.why("registration-fails")).toEqual([4, 4, 0, 3, 3]);
      expect(graded.exercise("registration-fails", "a3-worker").checks[0]!.message).toMatch(/ECS would refuse it: ClientException: .*awsvpc/);
    });

    it("writes the gradebook with each student's points and the total of 19", () => {
      const csv = readFileSync(join(graded.out, "gradebook.csv"), "utf8");
      expect(csv).toMatch(/^full,4,4,5,3,3,19,19$/m);
      expect(csv).toMatch(/^partial,4,0,5,3,0,12,19$/m);
      expect(readdirSync(graded.out).filter((f) => f.endsWith(".json"))).toHaveLength(5);
    });
  });
}
