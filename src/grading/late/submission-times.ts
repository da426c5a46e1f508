// When each student handed in, from a CSV an LMS export or a script writes: a header row naming the
// columns `student` and `submitted_at` (others are ignored), then one row per student.
import { LatePolicyError, parseIsoTime } from "./late-policy.js";

/** The rows of a CSV text (RFC 4180: quoted fields may hold commas, quotes and line breaks). */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(field), (field = "");
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field), rows.push(row), (row = []), (field = "");
    } else field += c;
  }
  if (field !== "" || row.length > 0) row.push(field), rows.push(row);
  return rows;
}

/**
 * Reads a submission times file into student id → time (ms since the epoch). A missing column, a time
 * without a zone or a student listed twice is an error naming file:line.
 */
export function readSubmissionTimes(text: string, file: string): Map<string, number> {
  const [header, ...rows] = csvRows(text.replace(/^\uFEFF/, ""));
  const columns = (header ?? []).map((h) => h.trim().toLowerCase());
  const studentAt = columns.indexOf("student");
  const timeAt = columns.indexOf("submitted_at");
  if (studentAt < 0 || timeAt < 0) throw new LatePolicyError(`${file}:1: the header must name the columns student and submitted_at (found: ${columns.join(", ") || "nothing"}).`);
  const times = new Map<string, number>();
  for (const [i, row] of rows.entries()) {
    const line = i + 2;
    if (row.every((f) => f.trim() === "")) continue;
    const student = row[studentAt]?.trim() ?? "";
    if (student === "") throw new LatePolicyError(`${file}:${line}: no student id in the student column.`);
    if (times.has(student)) throw new LatePolicyError(`${file}:${line}: student "${student}" is listed twice; keep the submission that is graded.`);
    times.set(student, parseIsoTime(row[timeAt] ?? "", `${file}:${line}: submitted_at`));
  }
  return times;
}
