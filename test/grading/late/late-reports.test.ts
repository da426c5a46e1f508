import { describe, expect, it } from "vitest";
import { applyLatePolicy, feedbackHtml, gradebookCsv, parseLatePolicy, submissionGrade, type ExerciseGrade } from "minicloud";

const exercise = (id: string, points: number, maxPoints: number): ExerciseGrade => ({ id, points, maxPoints, passed: points === maxPoints, checks: [], feedback: [] });
const grade = (student: string, points: number[]) =>
  submissionGrade({ student, submission: `${student}.ipynb`, assignment: "a1", sandbox: "process", durationMs: 1, exercises: points.map((p, i) => exercise(`e${i + 1}`, p, 5)), feedback: [] });
const policy = parseLatePolicy({ due: "2025-03-07T23:59:00Z", latePenalty: "10%/day", grace: "15m" });

describe("late penalties in the reports", () => {
  it("puts raw, penalty and final columns in the gradebook, with when and where the time came from", () => {
    const late = applyLatePolicy(grade("bob", [5, 5]), policy, { ms: Date.parse("2025-03-09T02:59:00Z"), source: "file-mtime" });
    const onTime = applyLatePolicy(grade("amy", [5, 2]), policy, { ms: Date.parse("2025-03-08T00:10:00Z"), source: "times-file" });
    expect(gradebookCsv(["e1", "e2"], [late, onTime])).toBe(
      "student,e1,e2,raw,penalty,final,max,submitted_at,time_source,hours_late\n" +
        "amy,5,2,7,0,7,10,2025-03-08T00:10:00.000Z,times-file,0.18\n" +
        "bob,5,5,10,2,8,10,2025-03-09T02:59:00.000Z,file-mtime,27\n",
    );
  });

  it("keeps the gradebook's columns when no late policy was applied", () => {
    expect(gradebookCsv(["e1", "e2"], [grade("amy", [5, 2])])).toBe("student,e1,e2,total,max\namy,5,2,7,10\n");
  });

  it("tells the student how late, what it cost, and that the time is the file's when nothing better was given", () => {
    const page = feedbackHtml(applyLatePolicy(grade("bob", [5, 5]), policy, { ms: Date.parse("2025-03-09T02:59:00Z"), source: "file-mtime" }), new Map());
    expect(page).toContain("a1 · bob: 8 / 10");
    expect(page).toContain("submitted 1 day 3 h late: −20%</b> (10 − 2 = 8 points)");
    expect(page).toContain("the notebook file's modification time");
  });
});
