// What a student reads about a graded submission on a course platform, as plain text: the student's view
// of each exercise (batch/student-exercise.ts: hidden checks named, never shown), the total and the findings.
import { studentExercise, type CheckVisibility } from "../batch/student-exercise.js";
import type { ExerciseGrade, SubmissionGrade } from "../batch/types.js";

/** Longest text put in one field: platforms cap what they store (PrairieLearn: 1 MB for everything). */
const MAX_TEXT = 8000;

/** Text cut to the size platforms store, saying so when it was cut. */
export function capText(text: string): string {
  return text.length <= MAX_TEXT ? text : `${text.slice(0, MAX_TEXT)}\n… (cut: ${text.length - MAX_TEXT} more characters)`;
}

/** One exercise as plain text a student may read: each check, the first counterexample of a public one, the hint, the findings. */
export function exerciseText(grade: ExerciseGrade, visibility: CheckVisibility | undefined): string {
  const shown = studentExercise(grade, visibility);
  const lines = [`${shown.passed ? "✓ passed" : "✗ not passed"}: ${shown.points} / ${shown.maxPoints} points`];
  for (const check of shown.checks) {
    lines.push(`${check.passed ? "✓" : "✗"} ${check.hidden ? "hidden check " : ""}${check.exercise}: ${check.message}`);
    if (!check.passed && check.counterexample) {
      const { input, expected, actual } = check.counterexample;
      lines.push(`    input:    ${input}`, `    expected: ${expected}`, `    got:      ${actual}`);
    }
    if (!check.passed && check.hint) lines.push(`    hint: ${check.hint}`);
  }
  lines.push(...shown.feedback.map((f) => `${f.rule} at ${f.place}: ${f.reason}`));
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
