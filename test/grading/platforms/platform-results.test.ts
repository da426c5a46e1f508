import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  applyLatePolicy,
  checkVisibility,
  feedbackHtml,
  gradescopeFailure,
  gradescopeResults,
  parseLatePolicy,
  prairielearnResults,
  readAssignmentLayout,
  submissionGrade,
  type ExerciseGrade,
  type GradingNotebook,
} from "minicloud";

const load = (path: string): GradingNotebook => JSON.parse(readFileSync(new URL(`../../../${path}`, import.meta.url), "utf8")) as GradingNotebook;
const layout = readAssignmentLayout("a1-lambda", load("assignments/a1-lambda/release/a1-lambda.ipynb"), load("assignments/a1-lambda/instructor/a1-lambda.ipynb"));
const visibility = checkVisibility(layout);
const HIDDEN_MESSAGE = 'billed(99.99, 250.5, "current") is 100; expected 351';

// One passed exercise, one whose public check failed with a counterexample and whose hidden tests threw,
// and the rest never reported.
const exercises: ExerciseGrade[] = layout.exercises.map((e) => ({ id: e.id, points: 0, maxPoints: e.points, passed: false, checks: [], feedback: [{ place: `exercise ${e.id}`, rule: "no-grader-report", reason: "the grader's checks did not report: it never ran." }] }));
exercises[0] = { id: "a1-handler", points: 3, maxPoints: 3, passed: true, checks: [{ exercise: "03-handler", passed: true, message: "greets 40 events" }], feedback: [], durationMs: 900 };
exercises[1] = {
  id: "a1-billed",
  points: 0,
  maxPoints: 2,
  passed: false,
  checks: [
    { exercise: "03-billed-duration", passed: false, message: "differs on 1 input", counterexample: { input: "billed(1, undefined, \"2019\")", expected: "100", actual: "1" }, hint: "round up" },
    { exercise: "06-monthly-cost", passed: false, message: "secret counterexample", counterexample: { input: "s", expected: "t", actual: "u" } },
    // A hidden check that reuses the public id on hidden inputs: the grader cell marks it hidden.
    { exercise: "03-billed-duration", passed: false, message: "on more inputs: hidden-seed-4242", counterexample: { input: "billed(7.77)", expected: "hidden-expected-800", actual: "8" }, hint: "hidden hint", hidden: true },
  ],
  feedback: [
    { place: "cell a1-billed-check", rule: "check-cell-failed", reason: `the check cell did not complete: Error: ${HIDDEN_MESSAGE}.` },
    { place: "cell a1-billed-check", rule: "check-failed", reason: "03-billed-duration: differs on 1 input" },
    { place: "cell a1-billed-check", rule: "check-failed", reason: "06-monthly-cost: secret counterexample" },
    { place: "cell a1-billed-check", rule: "check-failed", reason: "03-billed-duration: on more inputs: hidden-seed-4242", hidden: true },
    { place: "cell a1-billed-check", rule: "check-failed", reason: "Error: yourBill() is 3; for your function it is about $hidden-bill", hidden: true },
  ],
};
// Every text of the hidden checks above: none may reach a student.
const HIDDEN_TEXTS = ["351", "secret counterexample", "hidden-seed-4242", "billed(7.77)", "hidden-expected-800", "hidden hint", "hidden-bill"];
const grade = submissionGrade({ student: "alice", submission: "alice.ipynb", assignment: "a1-lambda", sandbox: "process", durationMs: 41_400, exercises, feedback: [{ place: "cell a1-monthly-cost", rule: "locked-cell-edited", reason: "edited; the release's version was graded." }] });

describe("results for course platforms", () => {
  it("knows which checks each exercise shows and which it hides", () => {
    expect([...visibility.get("a1-billed")!.publicCheckIds]).toEqual(["03-billed-duration"]);
    expect(visibility.get("a1-billed")!.hasHiddenChecks).toBe(true);
    expect(visibility.get("a1-break-even")!.hasHiddenChecks).toBe(false);
  });

  it("writes Gradescope's results.json: a test per exercise with score, max_score and status, and the total", () => {
    const results = gradescopeResults(grade, visibility);
    expect(results).toMatchObject({ score: 3, execution_time: 41, output_format: "text", visibility: "visible", stdout_visibility: "hidden" });
    expect(results.tests.map((t) => [t.name, t.score, t.max_score, t.status])).toEqual([
      ["a1-handler", 3, 3, "passed"],
      ["a1-billed", 0, 2, "failed"],
      ["a1-partial-batch", 0, 3, "failed"],
      ["a1-monthly-cost", 0, 2, "failed"],
      ["a1-break-even", 0, 2, "failed"],
      ["a1-cheapest", 0, 2, "failed"],
    ]);
    expect(results.tests[1]!.output).toContain('input:    billed(1, undefined, "2019")');
    expect(results.tests[1]!.output).toContain("hint: round up");
    expect(results.output).toMatch(/^a1-lambda: 3 \/ 14 points\nlocked-cell-edited at cell a1-monthly-cost/);
  });

  it("never shows what a hidden check found, in Gradescope's or PrairieLearn's results or on the feedback page", () => {
    for (const text of [JSON.stringify(gradescopeResults(grade, visibility)), JSON.stringify(prairielearnResults(grade, visibility)), feedbackHtml(grade, visibility)]) {
      for (const hidden of HIDDEN_TEXTS) expect(text).not.toContain(hidden);
      for (const id of ["06-monthly-cost", "03-billed-duration"]) expect(text).toMatch(new RegExp(`hidden check (<code>)?${id}(</code>)?: a hidden case failed — review ${id}`));
      expect(text).toContain("its text is withheld because this exercise has hidden checks");
      // The public check stays in full: the student can run it anyway.
      expect(text).toMatch(/billed\(1, undefined, (\\"|&quot;)2019/);
    }
  });

  it("shows a public check's counterexample and hint on the feedback page, and hides none of the grade's points", () => {
    const page = feedbackHtml(grade, visibility);
    expect(page).toContain("<code>billed(1, undefined, &quot;2019&quot;)</code>");
    expect(page).toContain("round up");
    expect(page).toContain("a1-billed <small>0 / 2</small>");
    // The instructor's JSON is the grade itself: it keeps the hidden checks' detail.
    expect(JSON.stringify(grade)).toContain("hidden-expected-800");
    // Each failed check is said once: its line, not a finding that repeats it.
    expect(page.split("differs on 1 input")).toHaveLength(2);
    // Of the hidden findings, only the error that is no check's line is left, in neutral words.
    expect(page.split("a hidden case failed — review a1-billed")).toHaveLength(2);
  });

  it("shows a late penalty as the gap between the tests and the score, and in PrairieLearn's score", () => {
    const late = applyLatePolicy(grade, parseLatePolicy({ due: "2025-03-07T23:59:00Z", latePenalty: "10%/day" }), { ms: Date.parse("2025-03-09T02:59:00Z"), source: "gradescope" });
    const gs = gradescopeResults(late, visibility);
    expect(gs.score).toBe(2.4);
    expect(gs.tests.at(-1)).toMatchObject({ name: "Late submission", status: "failed", output: expect.stringContaining("submitted 1 day 3 h late: −20%") });
    expect(gs.tests.filter((t) => t.name !== "Late submission").reduce((sum, t) => sum + t.score!, 0)).toBe(3);
    const pl = prairielearnResults(late, visibility);
    expect(pl).toMatchObject({ gradable: true, score: Math.round((2.4 / 14) * 10_000) / 10_000, message: "a1-lambda: 2.4 / 14 points; submitted 1 day 3 h late: −20% (3 − 0.6 points)" });
  });

  it("writes PrairieLearn's results.json: score from 0 to 1 and tests with points and max_points", () => {
    const pl = prairielearnResults(grade, visibility);
    expect(pl.gradable).toBe(true);
    if (!pl.gradable) return;
    expect(pl.score).toBe(Math.round((3 / 14) * 10_000) / 10_000);
    expect(pl.tests.map((t) => [t.name, t.points, t.max_points, t.message])).toContainEqual(["a1-handler", 3, 3, "passed"]);
    expect(pl.output).toContain("locked-cell-edited");
  });

  it("marks an unreadable notebook not gradable on PrairieLearn, and a grader failure zero on Gradescope", () => {
    const unreadable = { ...grade, feedback: [{ place: "notebook", rule: "unreadable-notebook", reason: "alice.ipynb: Unexpected token" }] };
    expect(prairielearnResults(unreadable, visibility)).toEqual({ gradable: false, format_errors: ["alice.ipynb: Unexpected token"], message: expect.stringContaining("fix them") });
    expect(gradescopeFailure("no notebook")).toMatchObject({ score: 0, output: "no notebook", tests: [] });
  });
});
