// Step 6a: the feedback page a student reads: per exercise, the points, passed or not, the first
// counterexample of a public check, the hint and how long the checks took; then what the grader found
// about the notebook. It shows the student's view of each exercise (student-exercise.ts): a hidden check
// is named, with its result, and nothing more.
import { escapeHtml } from "../../viz/mime-bundle.js";
import { describeTimeSource } from "../late/late-penalty.js";
import { studentExercise, type CheckVisibility } from "./student-exercise.js";
import type { ExerciseGrade, FeedbackItem, SubmissionGrade } from "./types.js";

function findings(items: FeedbackItem[]): string {
  if (items.length === 0) return "";
  return `<ul>${items.map((f) => `<li><code>${escapeHtml(f.rule)}</code> at ${escapeHtml(f.place)}: ${escapeHtml(f.reason)}</li>`).join("")}</ul>`;
}

function exerciseSection(e: ExerciseGrade): string {
  const colour = e.passed ? "#1a7f37" : "#cf222e";
  const counter = e.checks.find((c) => !c.passed && c.counterexample);
  const hint = e.checks.find((c) => !c.passed && c.hint)?.hint;
  const rows = counter?.counterexample
    ? `<table>${(["input", "expected", "actual"] as const).map((k) => `<tr><th>${k === "actual" ? "got" : k}</th><td><code>${escapeHtml(counter.counterexample![k])}</code></td></tr>`).join("")}</table>`
    : "";
  return (
    `<section style="border-left:4px solid ${colour};padding:4px 12px;margin:12px 0">` +
    `<h2>${escapeHtml(e.id)} <small>${e.points} / ${e.maxPoints}</small> <span style="color:${colour}">${e.passed ? "✓ passed" : "✗ not passed"}</span></h2>` +
    e.checks.map((c) => `<p>${c.passed ? "✓" : "✗"} ${c.hidden ? "hidden check " : ""}<code>${escapeHtml(c.exercise)}</code>: ${escapeHtml(c.message)}</p>`).join("") +
    rows +
    (hint ? `<p><i>hint:</i> ${escapeHtml(hint)}</p>` : "") +
    findings(e.feedback) +
    (e.durationMs !== undefined ? `<p><small>checks ran for ${e.durationMs} ms</small></p>` : "") +
    `</section>`
  );
}

function lateness(grade: SubmissionGrade): string {
  const late = grade.late;
  if (late === undefined) return "";
  const cost = late.deduction > 0 ? ` (${late.rawPoints} − ${late.deduction} = ${grade.points} points)` : "";
  const colour = late.penaltyPercent > 0 ? "#cf222e" : "#1a7f37";
  return `<p style="color:${colour}"><b>${escapeHtml(late.summary)}</b>${escapeHtml(cost)}</p><p><small>submitted ${escapeHtml(late.submittedAt)}, due ${escapeHtml(late.dueAt)}; the time is ${escapeHtml(describeTimeSource(late.timeSource))}.</small></p>`;
}

/** The HTML feedback page of one graded submission, for its student: `visibility` (checkVisibility of the assignment) says which checks are hidden. */
export function feedbackHtml(grade: SubmissionGrade, visibility: ReadonlyMap<string, CheckVisibility>): string {
  return [
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(grade.assignment)} · ${escapeHtml(grade.student)}</title>`,
    `<style>body{font-family:system-ui,sans-serif;max-width:50em;margin:2em auto}th{text-align:left;padding-right:1em}</style></head><body>`,
    `<h1>${escapeHtml(grade.assignment)} · ${escapeHtml(grade.student)}: ${grade.points} / ${grade.maxPoints}</h1>`,
    lateness(grade),
    grade.feedback.length > 0 ? `<h2>About your notebook</h2>${findings(grade.feedback)}` : "",
    ...grade.exercises.map((e) => exerciseSection(studentExercise(e, visibility.get(e.id)))),
    `<p><small>graded ${escapeHtml(grade.gradedAt)} in ${grade.durationMs} ms (${escapeHtml(grade.sandbox)} sandbox)</small></p>`,
    `</body></html>`,
  ].join("\n");
}
