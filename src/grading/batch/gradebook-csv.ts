// Step 6b: the class's gradebook: one row per student, a column per exercise, and the total.
import type { SubmissionGrade } from "./types.js";

/** A CSV field, quoted when it holds a comma, quote or line break (RFC 4180). */
function field(value: string | number): string {
  const text = String(value);
  // A leading = + - @ would be read as a formula by spreadsheets; a quote mark keeps it text.
  const safe = /^[=+\-@]/.test(text) && typeof value === "string" ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

// With a late policy, the total splits into the raw points, the penalty (points taken off) and the final
// points, followed by when the work came in, where that time came from, and how many hours late it was.
const LATE_HEADER = ["raw", "penalty", "final", "max", "submitted_at", "time_source", "hours_late"];

function lateColumns(g: SubmissionGrade): (string | number)[] {
  const late = g.late;
  if (late === undefined) return [g.points, 0, g.points, g.maxPoints, "", "", ""];
  return [late.rawPoints, late.deduction, g.points, g.maxPoints, late.submittedAt, late.timeSource, Math.round((late.lateMs / 3_600_000) * 100) / 100];
}

/**
 * The gradebook of a batch, sorted by student id, with the exercises in the assignment's order; when a
 * late policy was applied to any grade, the raw, penalty and final columns replace the total.
 */
export function gradebookCsv(exerciseIds: readonly string[], grades: readonly SubmissionGrade[]): string {
  const withLate = grades.some((g) => g.late !== undefined);
  const header = ["student", ...exerciseIds, ...(withLate ? LATE_HEADER : ["total", "max"])];
  const rows = [...grades]
    .sort((a, b) => (a.student < b.student ? -1 : a.student > b.student ? 1 : 0))
    .map((g) => [g.student, ...exerciseIds.map((id) => g.exercises.find((e) => e.id === id)?.points ?? 0), ...(withLate ? lateColumns(g) : [g.points, g.maxPoints])]);
  return [header, ...rows].map((r) => r.map(field).join(",")).join("\n") + "\n";
}
