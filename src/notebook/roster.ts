import { MinicloudError } from "../core/errors.js";

// Ids become folder names and are written into TypeScript strings: no slashes, quotes or spaces.
const STUDENT_ID = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/;

/** Throws unless `id` can name a student: letters, digits, `_ . @ -`, starting with a letter or digit. */
export function checkStudentId(id: string, where = "student id"): void {
  if (!STUDENT_ID.test(id)) {
    throw new MinicloudError("InvalidStudentId", `${where}: "${id}" is not a usable student id; use letters, digits, _ . @ and - (at most 64, starting with a letter or digit).`, { field: where });
  }
}

/**
 * Reads a roster: one student id a line; blank lines and lines starting with `#` are skipped.
 * A bad or repeated id is an error naming file:line.
 */
export function readRoster(text: string, file: string): string[] {
  const ids: string[] = [];
  const seen = new Map<string, number>();
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const id = raw.trim();
    if (id === "" || id.startsWith("#")) continue;
    checkStudentId(id, `${file}:${index + 1}`);
    const first = seen.get(id);
    if (first !== undefined) throw new MinicloudError("InvalidStudentId", `${file}:${index + 1}: "${id}" is already on line ${first}; list each student once.`, { field: `${file}:${index + 1}` });
    seen.set(id, index + 1);
    ids.push(id);
  }
  return ids;
}
