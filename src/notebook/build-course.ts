import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { packageRoot } from "../core/package-root.js";
import { buildNotebook, serializeNotebook, type NotebookCopy } from "./build-notebook.js";
import { parseCourseSource, type CourseSource } from "./course-source.js";
import { sourceError } from "./front-matter.js";
import { checkStudentId } from "./roster.js";
import { usesPlaceholders } from "./source-references.js";

/** What building one notebook did. */
export interface BuiltNotebook {
  source: string;
  notebook: string;
  /** `student` (notebooks/, releases, students/) or `instructor`. */
  copy: NotebookCopy;
  /** Set on a per-student copy. */
  student?: string;
  /** `written`, `unchanged`, or (with check) `stale`: the committed notebook differs from its source. */
  status: "written" | "unchanged" | "stale";
}

/** How to build the course. */
export interface BuildCourseOptions {
  /** The project folder (default: minicloud's own). */
  root?: string;
  /** Write nothing; report the committed notebooks that differ from what their sources build. */
  check?: boolean;
  /** Also write `students/<id>/<name>.ipynb` for each source with per-student parameters. */
  students?: string[];
}

interface Planned {
  source: string;
  notebook: string;
  copy: NotebookCopy;
  student?: string;
  text: string;
  /** Per-student copies are handed out, not committed: --check leaves them alone. */
  committed: boolean;
}

function markdownFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".md") && f !== "README.md")
    .sort()
    .map((f) => join(dir, f));
}

/** An assignment's instructor copy says what earns each exercise's points: one rubric per exercise. */
function checkRubrics(parsed: CourseSource): void {
  for (const exercise of parsed.exercises) {
    if (!parsed.cells.some((c) => c.exercise === exercise.id && c.role === "rubric")) {
      throw sourceError(parsed.file, exercise.line, `exercise "${exercise.id}" of an assignment has no rubric: add <!-- rubric: ${exercise.id}-rubric --> and say what earns its ${exercise.points} points`);
    }
  }
}

function plan(root: string, path: string, parsed: CourseSource, underAssignments: boolean, students: string[]): Planned[] {
  const name = basename(path, ".md");
  const build = (copy: NotebookCopy, student?: string): string => serializeNotebook(buildNotebook(parsed, { copy, ...(student ? { student } : {}) }));
  const planned: Planned[] = [];
  if (underAssignments || parsed.meta.assignment === true) {
    checkRubrics(parsed);
    // nbgrader's layout: the instructor copy is what an instructor puts in source/<assignment>/.
    const folder = join(root, "assignments", name);
    planned.push({ source: path, notebook: join(folder, "release", `${name}.ipynb`), copy: "student", text: build("student"), committed: true });
    planned.push({ source: path, notebook: join(folder, "instructor", `${name}.ipynb`), copy: "instructor", text: build("instructor"), committed: true });
  } else {
    planned.push({ source: path, notebook: join(root, "notebooks", `${name}.ipynb`), copy: "student", text: build("student"), committed: true });
  }
  if (usesPlaceholders(parsed)) {
    for (const student of students) {
      planned.push({ source: path, notebook: join(root, "students", student, `${name}.ipynb`), copy: "student", student, text: build("student", student), committed: false });
    }
  }
  return planned;
}

/**
 * Builds every course source into notebooks: `notebooks/sources/*.md` into `notebooks/<name>.ipynb`, and
 * assignments (`notebooks/sources/assignments/*.md`, or `assignment: true`) into
 * `assignments/<name>/release/` and `assignments/<name>/instructor/`. With `check`, writes nothing and
 * reports the notebooks that differ from what their source builds. Every source is parsed and built
 * before anything is written, so a source with an error writes nothing.
 */
export async function buildCourse(options: BuildCourseOptions = {}): Promise<BuiltNotebook[]> {
  const root = options.root ?? packageRoot();
  const students = options.students ?? [];
  students.forEach((id) => checkStudentId(id));
  const sources = join(root, "notebooks", "sources");
  const planned: Planned[] = [];
  for (const [dir, underAssignments] of [
    [sources, false],
    [join(sources, "assignments"), true],
  ] as const) {
    for (const path of markdownFiles(dir)) {
      const parsed = await parseCourseSource(readFileSync(path, "utf8"), join("notebooks", "sources", ...(underAssignments ? ["assignments"] : []), basename(path)));
      planned.push(...plan(root, path, parsed, underAssignments, students));
    }
  }
  return planned
    .filter((p) => !(options.check && !p.committed))
    .map((p) => {
      const result = { source: p.source, notebook: p.notebook, copy: p.copy, ...(p.student ? { student: p.student } : {}) };
      const current = existsSync(p.notebook) ? readFileSync(p.notebook, "utf8") : undefined;
      if (current === p.text) return { ...result, status: "unchanged" as const };
      if (options.check) return { ...result, status: "stale" as const };
      mkdirSync(dirname(p.notebook), { recursive: true });
      writeFileSync(p.notebook, p.text);
      return { ...result, status: "written" as const };
    });
}
