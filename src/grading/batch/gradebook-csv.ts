// Step 6b: the class's gradebook: one row per student, a column per exercise, and the total.
import type { SubmissionGrade } from "./types.js";

/** A CSV field, quoted when it holds a comma, quote or line break (RFC 4180). */
function field(value: string | number): string {
  const text = String(value);
  // A leading = + - @ would be read as a formula by spreadsheets; a quote mark keeps it text.
  const safe = /^[=+\-@]/.test(text) && typeof value === "string" ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The gradebook of a batch, sorted by student id, with the exercises in the assignment's order. */
export function gradebookCsv(exerciseIds: readonly string[], grades: readonly SubmissionGrade[]): string {
  const header = ["student", ...exerciseIds, "total", "max"];
  const rows = [...grades]
    .sort((a, b) => (a.student < b.student ? -1 : a.student > b.student ? 1 : 0))
    .map((g) => [g.student, ...exerciseIds.map((id) => g.exercises.find((e) => e.id === id)?.points ?? 0), g.points, g.maxPoints]);
  return [header, ...rows].map((r) => r.map(field).join(",")).join("\n") + "\n";
}
