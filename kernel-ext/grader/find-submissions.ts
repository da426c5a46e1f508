// Which notebooks to grade, and whose each is: `alice.ipynb` is alice's; `alice/a1-lambda.ipynb` in a
// folder given on the command line is alice's too (the layout nbgrader's `submitted/` folders use).
import { readdirSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import type { Submission } from "./grade-submission.js";

const STUDENT_ID = /^[A-Za-z0-9][A-Za-z0-9._@-]*$/;

function studentOf(name: string, path: string): string {
  if (!STUDENT_ID.test(name)) throw new Error(`${path}: "${name}" is not a usable student id (letters, digits, . _ @ -); rename the file or folder.`);
  return name;
}

/** The submissions named by the command line's paths: files, or folders of files and per-student folders. */
export function findSubmissions(paths: readonly string[]): Submission[] {
  const found: Submission[] = [];
  for (const path of paths) {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      throw new Error(`${path}: no such file or folder; pass submission notebooks or folders of them.`);
    }
    if (stat.isFile()) {
      found.push({ student: studentOf(basename(path, ".ipynb"), path), path });
      continue;
    }
    for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const inner = join(path, entry.name);
      if (entry.isFile() && entry.name.endsWith(".ipynb")) found.push({ student: studentOf(basename(entry.name, ".ipynb"), inner), path: inner });
      else if (entry.isDirectory() && !entry.name.startsWith(".")) {
        const notebooks = readdirSync(inner).filter((n) => n.endsWith(".ipynb") && !n.startsWith("."));
        if (notebooks.length > 1) throw new Error(`${inner}: holds ${notebooks.length} notebooks (${notebooks.join(", ")}); leave only the one to grade.`);
        if (notebooks.length === 1) found.push({ student: studentOf(entry.name, inner), path: join(inner, notebooks[0]!) });
      }
    }
  }
  const seen = new Map<string, string>();
  for (const s of found) {
    const other = seen.get(s.student);
    if (other !== undefined) throw new Error(`two submissions for student "${s.student}": ${other} and ${s.path}; grade one of them.`);
    seen.set(s.student, s.path);
  }
  return found;
}
