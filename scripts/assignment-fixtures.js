// What the per-assignment fixture scripts share: an assignment's submissions, each the copy
// `npx minicloud build --student <name>` would hand that student (the file name is the student id the
// grader uses), with some cells' source replaced.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildNotebook, parseCourseSource } from "../dist/src/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const text = (cell) => (Array.isArray(cell.source) ? cell.source.join("") : cell.source);
const lines = (s) => s.split(/(?<=\n)/).filter((l) => l !== "");

/** Reads assignment `name`'s source; answers helpers to write its fixtures into test/fixtures/grading/`folder`. */
export async function assignmentFixtures(name, folder) {
  const sourcePath = join("notebooks", "sources", "assignments", `${name}.md`);
  const source = await parseCourseSource(readFileSync(join(root, sourcePath), "utf8"), sourcePath);
  const out = join(root, "test/fixtures/grading", folder);

  /** The instructor's source of a cell (the shared copy's numbers). */
  const solution = (id) => text(buildNotebook(source, { copy: "instructor" }).cells.find((c) => c.id === id));

  /** `text` with `from` replaced, or an error: a fixture must not silently stay the full solution when the assignment changes. */
  const edit = (text, from, to) => {
    if (!text.includes(from)) throw new Error(`expected the solution to contain ${JSON.stringify(from)}; update the fixture script to match ${name}`);
    return text.replace(from, to);
  };

  /** The student's release with some cells' source replaced; `solutions` names answer cells that get the instructor's. */
  const submission = (student, { solutions = [], sources = {} }) => {
    const release = buildNotebook(source, { student });
    const instructor = buildNotebook(source, { student, copy: "instructor" });
    const replace = { ...Object.fromEntries(solutions.map((id) => [id, text(instructor.cells.find((c) => c.id === id))])), ...sources };
    for (const cell of release.cells) if (replace[cell.id] !== undefined) cell.source = lines(replace[cell.id]);
    return release;
  };

  /** Writes one submission per fixture, named by its student id. */
  const write = (fixtures) => {
    mkdirSync(out, { recursive: true });
    for (const [student, edits] of Object.entries(fixtures)) writeFileSync(join(out, `${student}.ipynb`), JSON.stringify(submission(student, edits), null, 1) + "\n");
    console.log(`wrote ${Object.keys(fixtures).length} submissions to ${out}`);
  };

  return { solution, edit, write };
}
