// What a student may read about a graded exercise on a course platform. The public checks (the check()
// calls in the release's check cell) are shown in full: the student can run them anyway. Hidden checks
// are named as hidden and nothing more: their counterexamples, and the messages their code throws
// ("expected 351"), would give the answers away. When an exercise has hidden checks, an error that stopped
// its checks may come from them, so its text is withheld too.
import { checkIdsIn } from "../batch/notebook-text.js";
import type { AssignmentLayout, ExerciseGrade, FeedbackItem, SubmissionGrade } from "../batch/types.js";

/** Which checks of an exercise a student may see. */
export interface CheckVisibility {
  /** Exercise ids the release's check cell passes to check(). */
  publicCheckIds: ReadonlySet<string>;
  /** True when the instructor's check cell holds more than the release's (hidden tests). */
  hasHiddenChecks: boolean;
}

/** Per exercise of an assignment: which checks are public, and whether it has hidden ones. */
export function checkVisibility(layout: AssignmentLayout): Map<string, CheckVisibility> {
  return new Map(
    layout.exercises.map((e) => {
      const released = layout.releaseCells.get(e.checkCellId)?.source ?? "";
      const instructor = layout.instructorChecks.get(e.checkCellId) ?? "";
      return [e.id, { publicCheckIds: checkIdsIn(released), hasHiddenChecks: instructor.trim() !== released.trim() }];
    }),
  );
}

/** Longest text put in one field: platforms cap what they store (PrairieLearn: 1 MB for everything). */
const MAX_TEXT = 8000;

/** Text cut to the size platforms store, saying so when it was cut. */
export function capText(text: string): string {
  return text.length <= MAX_TEXT ? text : `${text.slice(0, MAX_TEXT)}\n… (cut: ${text.length - MAX_TEXT} more characters)`;
}

// Findings whose reason quotes the checks' own errors; the others (a missing cell...) are the grader's words.
const QUOTES_CHECK_ERRORS = new Set(["check-failed", "check-cell-failed", "no-grader-report"]);

function finding(item: FeedbackItem, withheld: boolean): string {
  const reason = withheld && QUOTES_CHECK_ERRORS.has(item.rule) ? "the checks stopped with an error (its text is withheld because this exercise has hidden checks; run the check cell in your notebook to see the public checks' messages)" : item.reason;
  return `${item.rule} at ${item.place}: ${reason}`;
}

/** One exercise as plain text a student may read: each check, the first counterexample of a public one, the hint, the findings. */
export function exerciseText(grade: ExerciseGrade, visibility: CheckVisibility | undefined): string {
  const isPublic = (id: string): boolean => visibility?.publicCheckIds.has(id) ?? false;
  const withheld = visibility?.hasHiddenChecks ?? true;
  const lines = [`${grade.passed ? "✓ passed" : "✗ not passed"}: ${grade.points} / ${grade.maxPoints} points`];
  for (const check of grade.checks) {
    if (!isPublic(check.exercise)) {
      lines.push(check.passed ? "✓ a hidden check passed" : "✗ a hidden check did not pass");
      continue;
    }
    lines.push(`${check.passed ? "✓" : "✗"} ${check.exercise}: ${check.message}`);
    if (!check.passed && check.counterexample) {
      const { input, expected, actual } = check.counterexample;
      lines.push(`    input:    ${input}`, `    expected: ${expected}`, `    got:      ${actual}`);
    }
    if (!check.passed && check.hint) lines.push(`    hint: ${check.hint}`);
  }
  // A failed check() is already listed above; its finding would repeat it, or quote a hidden check.
  const findings = grade.feedback.filter((f) => !(f.rule === "check-failed" && grade.checks.some((c) => !c.passed && f.reason.startsWith(`${c.exercise}: `))));
  lines.push(...findings.map((f) => finding(f, withheld)));
  return capText(lines.join("\n"));
}

/** The total in one line, with the late penalty when there is one: "a1-lambda: 5.6 / 14 points; submitted 1 day 3 h late: −20% (7 − 1.4 points)". */
export function scoreLine(grade: SubmissionGrade): string {
  const total = `${grade.assignment}: ${grade.points} / ${grade.maxPoints} points`;
  const late = grade.late;
  if (late === undefined) return total;
  return `${total}; ${late.summary}${late.deduction > 0 ? ` (${late.rawPoints} − ${late.deduction} points)` : ""}`;
}

/** What the grader found about the notebook as a whole (edited read-only cells, a cell that timed out...), a line each. */
export function notebookFindings(grade: SubmissionGrade): string {
  return capText(grade.feedback.map((f) => `${f.rule} at ${f.place}: ${f.reason}`).join("\n"));
}
