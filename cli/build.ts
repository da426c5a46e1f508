import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { buildCourse, packageRoot, readRoster } from "minicloud";

/** What `minicloud build` was asked for. */
export interface BuildRequest {
  check: boolean;
  /** `--student` ids, in order. */
  students: string[];
  /** `--roster` files: one student id a line. */
  rosters: string[];
}

/**
 * `minicloud build [--check] [--student ID]... [--roster FILE]`: builds notebooks, instructor copies and
 * releases from their Markdown sources, or checks they are in sync; with students, also their own copies.
 */
export async function build(request: BuildRequest): Promise<number> {
  const students = [...request.students, ...request.rosters.flatMap((file) => readRoster(readFileSync(file, "utf8"), file))];
  const repeated = students.find((id, i) => students.indexOf(id) !== i);
  if (repeated !== undefined) {
    console.error(`Student "${repeated}" is asked for twice; name each student once.`);
    return 2;
  }
  const results = await buildCourse({ check: request.check, students });
  const root = packageRoot();
  for (const r of results) console.log(`${r.status.padEnd(9)} ${relative(root, r.notebook)}  (${r.copy} copy, from ${relative(root, r.source)})`);
  if (students.length > 0 && !results.some((r) => r.student !== undefined)) {
    console.log("No source has per-student parameters, so every student gets the shared copies.");
  }
  const stale = results.filter((r) => r.status === "stale");
  if (stale.length > 0) {
    console.error(`${stale.length} notebook(s) differ from their source: run \`npx minicloud build\` and commit the result (edit the sources, not the notebooks).`);
    return 1;
  }
  return 0;
}
