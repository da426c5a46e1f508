import { readFileSync } from "node:fs";
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  AssignmentLayoutError,
  gradebookCsv,
  insertHiddenChecks,
  matchCells,
  readAssignmentLayout,
  restoreLockedCells,
  scoreExercises,
  submissionGrade,
  type ExecutedCell,
  type GradingNotebook,
} from "minicloud";
import { checkCellError, graderCellSource, readGraderReport, REPORT_PREFIX } from "../../../src/grading/batch/grader-cell.js";

const load = (path: string): GradingNotebook => JSON.parse(readFileSync(new URL(`../../../${path}`, import.meta.url), "utf8")) as GradingNotebook;
const release = load("assignments/a1-lambda/release/a1-lambda.ipynb");
const instructor = load("assignments/a1-lambda/instructor/a1-lambda.ipynb");
const layout = readAssignmentLayout("a1-lambda", release, instructor);
const signed = (body: object, secret: string): string => {
  const text = JSON.stringify(body);
  return `${REPORT_PREFIX}${Buffer.from(text).toString("base64")} ${createHmac("sha256", secret).update(text).digest("hex")}\n`;
};

describe("the grading steps", () => {
  it("reads each exercise's check, answer and read-only cells from the release", () => {
    expect(layout.exercises.map((e) => [e.id, e.points, e.checkCellId])).toEqual([
      ["a1-handler", 3, "a1-handler-check"],
      ["a1-billed", 2, "a1-billed-check"],
      ["a1-partial-batch", 3, "a1-partial-batch-check"],
      ["a1-monthly-cost", 2, "a1-monthly-cost-check"],
      ["a1-break-even", 2, "a1-break-even-check"],
      ["a1-cheapest", 2, "a1-cheapest-check"],
    ]);
    expect(layout.exercises[0]!.answerCellIds).toEqual(["a1-handler-answer"]);
    expect(layout.exercises[0]!.lockedCellIds).toEqual(["a1-handler", "a1-handler-hint"]);
    expect(layout.libraryNames).toEqual(["check", "display"]);
    expect(layout.instructorChecks.get("a1-billed-check")).toContain("BEGIN HIDDEN TESTS");
  });

  it("refuses a release without exercises, naming the file and the field", () => {
    expect(() => readAssignmentLayout("x", { ...release, metadata: {} }, instructor, { release: "r.ipynb", instructor: "i.ipynb" })).toThrow(AssignmentLayoutError);
    expect(() => readAssignmentLayout("x", { ...release, metadata: {} }, instructor, { release: "r.ipynb", instructor: "i.ipynb" })).toThrow(/r\.ipynb: metadata\.minicloud\.exercises/);
  });

  it("matches cells by grade_id wherever they moved, and reports a deleted answer cell and a copied check cell", () => {
    const cells = [...release.cells].reverse().filter((c) => c.id !== "a1-billed-answer");
    const copy = structuredClone(release.cells.find((c) => c.id === "a1-handler-check")!);
    const match = matchCells(layout, { ...release, cells: [...cells, copy] });
    expect(match.unreadable.get("a1-billed")?.map((f) => f.rule)).toEqual(["cell-missing"]);
    expect(match.feedback.map((f) => f.rule)).toEqual(["duplicate-grade-id"]);
    expect(match.indexOf.get("a1-handler-check")).toBe(cells.findIndex((c) => c.id === "a1-handler-check"));
  });

  it("finds an edited read-only cell by its checksum and puts the release's back", () => {
    const edited = structuredClone(release);
    const cell = edited.cells.find((c) => c.id === "a1-billed-check")!;
    cell.source = ['console.log("✓")\n'];
    // Unlocking the cell in its metadata changes nothing: the release's metadata is the one read.
    (cell.metadata["nbgrader"] as Record<string, unknown>)["locked"] = false;
    const restored = restoreLockedCells(layout, edited, matchCells(layout, edited));
    expect(restored.feedback).toEqual([{ place: "cell a1-billed-check", rule: "locked-cell-edited", reason: expect.stringContaining("release's version") }]);
    expect(restored.notebook.cells.find((c) => c.id === "a1-billed-check")!.source).toBe('await display(await check("03-billed-duration", billed));');
  });

  it("puts back a deleted check cell after its answer, and the hidden checks only in the grading copy", () => {
    const deleted = { ...release, cells: release.cells.filter((c) => c.id !== "a1-cheapest-check") };
    const restored = restoreLockedCells(layout, deleted, matchCells(layout, deleted)).notebook;
    const ids = restored.cells.map((c) => c.id);
    expect(ids.indexOf("a1-cheapest-check")).toBe(ids.indexOf("a1-cheapest-answer") + 1);
    const run = insertHiddenChecks(layout, restored, "alice", () => "s".repeat(64));
    const grader = run.notebook.cells.find((c) => c.id === "a1-billed-check")!;
    expect(grader.source).toContain("BEGIN HIDDEN TESTS");
    expect(grader.source).toContain("s".repeat(64));
    // The grader cell takes the check cell's place: the checks run once, not twice.
    expect(run.notebook.cells).toHaveLength(restored.cells.length);
    expect(run.graderCells.get("a1-billed")?.cellId).toBe("a1-billed-check");
    expect(JSON.stringify(restored)).not.toContain("HIDDEN TESTS");
  });

  it("keeps the check source's lines and columns, one line down, so a compile error points at the check cell's line", () => {
    const checkSource = layout.instructorChecks.get("a1-billed-check")!;
    const run = insertHiddenChecks(layout, release, "alice");
    const lines = String(run.notebook.cells.find((c) => c.id === "a1-billed-check")!.source).split("\n");
    // Only the hidden-tests marker, a comment, gets the grader's switch in front of it.
    const unmarked = (line: string): string => line.replace(/^mcGraderHidden[0-9a-f]+ = true; /, "");
    expect(lines.slice(1, 1 + checkSource.split("\n").length).map(unmarked).join("\n")).toBe(checkSource);
    expect(checkCellError("CompileError: line 5, column 3: Cannot find name 'billed'.")).toBe("CompileError: line 4, column 3: Cannot find name 'billed'.");
    expect(checkCellError("TypeError: x is not a function")).toBe("TypeError: x is not a function");
  });

  it("reads only a report signed with the cell's secret, for its own exercise", () => {
    const body = { exercise: "a1-billed", ran: true, checks: [{ exercise: "03-billed-duration", passed: true, message: "ok" }], durationMs: 3 };
    expect(readGraderReport(signed(body, "right"), "a1-billed", "right")?.ran).toBe(true);
    expect(readGraderReport(signed(body, "wrong"), "a1-billed", "right")).toBeUndefined();
    expect(readGraderReport(signed(body, "right"), "a1-handler", "right")).toBeUndefined();
    expect(readGraderReport(`✓ 03-billed-duration\n${REPORT_PREFIX}eyJ9 ${"0".repeat(64)}\n`, "a1-billed", "right")).toBeUndefined();
  });

  it("switches the grader cell's checks to hidden at the hidden-tests line", () => {
    const checkSource = layout.instructorChecks.get("a1-billed-check")!;
    const source = graderCellSource({ exercise: "a1-billed", checkSource, student: "alice", secret: "k", libraryNames: [] });
    const lines = source.split("\n");
    const marker = checkSource.split("\n").findIndex((l) => l.trim() === "// BEGIN HIDDEN TESTS");
    expect(marker).toBeGreaterThan(0);
    // Line 1 is the grader's; the check source follows, line for line, the marker line with the switch in front.
    expect(lines[marker + 1]).toMatch(/^mcGraderHidden[0-9a-f]+ = true; \/\/ BEGIN HIDDEN TESTS$/);
    expect(source).toMatch(/\.\.\.\(mcGraderHidden[0-9a-f]+ \? \{ hidden: true \} : \{\}\)/);
  });

  it("marks what the hidden checks found as hidden in the grade, for the student's views to withhold", () => {
    const run = insertHiddenChecks(layout, release, "alice", () => "k");
    const match = matchCells(layout, release);
    const report = {
      exercise: "a1-billed",
      ran: false,
      error: "Error: yourBill() is 3; expected 351",
      errorInHidden: true,
      checks: [
        { exercise: "03-billed-duration", passed: false, message: "differs on 1 input" },
        { exercise: "03-billed-duration", passed: false, message: "on hidden inputs", hidden: true },
      ],
      durationMs: 5,
    };
    const executed = new Map<string, ExecutedCell>([["a1-billed-check", { id: "a1-billed-check", status: "ok", stdout: signed(report, "k"), durationMs: 1 }]]);
    const billed = scoreExercises(layout, match, executed, run.graderCells)[1]!;
    expect(billed.feedback.map((f) => [f.reason, f.hidden ?? false])).toEqual([
      ["Error: yourBill() is 3; expected 351", true],
      ["03-billed-duration: differs on 1 input", false],
      ["03-billed-duration: on hidden inputs", true],
    ]);
  });

  it("scores an exercise only when its check cell ran and its signed report passed, and zero with a reason otherwise", () => {
    const run = insertHiddenChecks(layout, release, "alice", () => "k");
    const match = matchCells(layout, release);
    const executed = new Map<string, ExecutedCell>();
    const ok = (id: string, stdout = ""): void => void executed.set(id, { id, status: "ok", stdout, durationMs: 1 });
    ok("a1-handler-check", signed({ exercise: "a1-handler", ran: true, checks: [{ exercise: "03-handler", passed: true, message: "ok" }], durationMs: 5 }, "k"));
    ok("a1-billed-check", signed({ exercise: "a1-billed", ran: true, checks: [{ exercise: "03-billed-duration", passed: false, message: "differs", counterexample: { input: "1", expected: "100", actual: "1" } }], durationMs: 5 }, "k"));
    executed.set("a1-partial-batch-check", { id: "a1-partial-batch-check", status: "dead-kernel", stdout: "", error: "DeadKernelError: exited", durationMs: 1 });
    ok("a1-monthly-cost-check", "✓ all good\n");
    executed.set("a1-break-even-check", { id: "a1-break-even-check", status: "error", stdout: "", error: "CompileError: line 2, column 1: Cannot find name 'breakEven'.", durationMs: 1 });
    const grades = scoreExercises(layout, match, executed, run.graderCells);
    expect(grades.map((g) => [g.id, g.points])).toEqual([["a1-handler", 3], ["a1-billed", 0], ["a1-partial-batch", 0], ["a1-monthly-cost", 0], ["a1-break-even", 0], ["a1-cheapest", 0]]);
    expect(grades[1]!.feedback.map((f) => f.rule)).toEqual(["check-failed"]);
    expect(grades[2]!.feedback.map((f) => f.rule)).toEqual(["check-cell-failed"]);
    expect(grades[2]!.feedback[0]!.reason).toMatch(/kernel died/);
    expect(grades[3]!.feedback.map((f) => f.rule)).toEqual(["no-grader-report"]);
    expect(grades[3]!.feedback[0]!.reason).toMatch(/did not verify/);
    expect(grades[4]!.feedback[0]!.reason).toContain("CompileError: line 1, column 1: Cannot find name 'breakEven'.");
    const grade = submissionGrade({ student: "alice", submission: "a.ipynb", assignment: "a1-lambda", sandbox: "process", durationMs: 1, exercises: grades, feedback: [] });
    expect([grade.points, grade.maxPoints]).toEqual([3, 14]);
    expect(gradebookCsv(layout.exercises.map((e) => e.id), [{ ...grade, student: "=bob" }, grade])).toBe(
      "student,a1-handler,a1-billed,a1-partial-batch,a1-monthly-cost,a1-break-even,a1-cheapest,total,max\n'=bob,3,0,0,0,0,0,3,14\nalice,3,0,0,0,0,0,3,14\n",
    );
  });
});
