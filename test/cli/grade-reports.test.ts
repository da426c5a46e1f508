import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readAssignmentLayout, submissionGrade, type GradingNotebook } from "minicloud";
import { finishBatchReports } from "../../cli/grade-reports.js";

const load = (path: string): GradingNotebook => JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), "utf8")) as GradingNotebook;
const layout = readAssignmentLayout("a0-example", load("assignments/a0-example/release/a0-example.ipynb"), load("assignments/a0-example/instructor/a0-example.ipynb"));

describe("the late and platform step after a batch", () => {
  const out = mkdtempSync(join(tmpdir(), "minicloud-reports-"));
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  const notebook = join(out, "zoe.ipynb");
  writeFileSync(notebook, "{}");
  utimesSync(notebook, new Date("2025-03-08T05:00:00Z"), new Date("2025-03-08T05:00:00Z"));
  const graded = submissionGrade({ student: "zoe", submission: notebook, assignment: "a0-example", sandbox: "process", durationMs: 1, exercises: [{ id: "a0-bill", points: 3, maxPoints: 3, passed: true, checks: [], feedback: [] }], feedback: [] });

  it("applies the policy, rewrites the student's reports and the gradebook, and writes the platform results", () => {
    const { grades, warnings } = finishBatchReports([graded], { layout, outDir: out, format: "gradescope", late: { due: "2025-03-07T23:59:00Z", latePenalty: "10%/day" }, times: { file: "times.csv", byStudent: new Map([["yan", 0]]) } });
    expect(grades[0]).toMatchObject({ points: 2.7, late: { timeSource: "file-mtime", penaltyPercent: 10 } });
    expect(warnings).toEqual(["zoe is not in times.csv; used the notebook's modification time, and the report says so.", 'times.csv lists "yan", who has no submission here.']);
    expect(JSON.parse(readFileSync(join(out, "zoe.json"), "utf8"))).toMatchObject({ points: 2.7 });
    expect(readFileSync(join(out, "gradebook.csv"), "utf8")).toMatch(/^zoe,3,3,0\.3,2\.7,3,2025-03-08T05:00:00\.000Z,file-mtime,5\.02$/m);
    expect(JSON.parse(readFileSync(join(out, "zoe.gradescope.json"), "utf8"))).toMatchObject({ score: 2.7 });
  });

  it("takes off a penalty an earlier run applied when the batch is graded again without a policy", () => {
    const earlier = JSON.parse(readFileSync(join(out, "zoe.json"), "utf8")) as typeof graded;
    const { grades } = finishBatchReports([earlier], { layout, outDir: out });
    expect(grades[0]!.points).toBe(3);
    expect(grades[0]!.late).toBeUndefined();
    expect(readFileSync(join(out, "gradebook.csv"), "utf8")).toBe("student,a0-bill,total,max\nzoe,3,3,3\n");
    expect(readFileSync(join(out, "zoe.html"), "utf8")).not.toContain("−10%");
  });
});
