// Step 0: what the grader needs to know of an assignment, read from its release (what students got)
// and its instructor copy (where the hidden checks are). Both are trusted; submissions never are.
import { DEFAULT_STUDENT } from "../../notebook/placeholders.js";
import { cellSource, gradeIdOf, nbgraderOf } from "./notebook-text.js";
import { templateProblem } from "./student-layout.js";
import type { AssignmentLayout, ExerciseLayout, GradingCell, GradingNotebook } from "./types.js";

/** A release or instructor copy the grader cannot use; the message names the file, the field and the fix. */
export class AssignmentLayoutError extends Error {
  override name = "AssignmentLayoutError";
}

function declaredExercises(release: GradingNotebook, file: string): { id: string; points: number }[] {
  const minicloud = release.metadata["minicloud"] as { exercises?: unknown } | undefined;
  const list = minicloud?.exercises;
  if (!Array.isArray(list) || list.length === 0) {
    throw new AssignmentLayoutError(`${file}: metadata.minicloud.exercises is missing or empty; pass the release built by \`npx minicloud build\` (assignments/<name>/release/).`);
  }
  return list.map((e: unknown, i) => {
    const { id, points } = (e ?? {}) as { id?: unknown; points?: unknown };
    if (typeof id !== "string" || typeof points !== "number" || !(points >= 0)) {
      throw new AssignmentLayoutError(`${file}: metadata.minicloud.exercises[${i}] needs an id (text) and points (a number ≥ 0).`);
    }
    return { id, points };
  });
}

/** A cell's text before a student's values were filled in (`metadata.minicloud.template`, written by the build), if it differs per student. */
function templateOf(cell: GradingCell): string | undefined {
  const template = (cell.metadata["minicloud"] as { template?: unknown } | undefined)?.template;
  return typeof template === "string" ? template : undefined;
}

/** The names a notebook imports from "minicloud" (`import { a, b as c } from "minicloud"` gives a and c). */
export function minicloudImports(notebook: GradingNotebook): string[] {
  const names = new Set<string>();
  for (const cell of notebook.cells) {
    if (cell.cell_type !== "code") continue;
    for (const match of cellSource(cell).matchAll(/import\s*\{([^}]*)\}\s*from\s*["']minicloud["']/g)) {
      for (const part of match[1]!.split(",")) {
        const local = part.trim().split(/\s+as\s+/).pop()?.replace(/^type\s+/, "").trim();
        if (local && /^[A-Za-z_$][\w$]*$/.test(local) && !part.trim().startsWith("type ")) names.add(local);
      }
    }
  }
  return [...names].sort();
}

/**
 * Reads an assignment's layout: each exercise's check cell, answer cells and read-only cells, in the
 * release's order (the prompt cell's grade_id is the exercise id, and an exercise's cells follow it).
 */
export function readAssignmentLayout(name: string, release: GradingNotebook, instructor: GradingNotebook, files = { release: "release", instructor: "instructor copy" }): AssignmentLayout {
  const declared = declaredExercises(release, files.release);
  const ids = new Set(declared.map((e) => e.id));
  const releaseCells: AssignmentLayout["releaseCells"] = new Map();
  const layouts = new Map<string, ExerciseLayout>();
  let current: ExerciseLayout | undefined;
  for (const [i, cell] of release.cells.entries()) {
    const meta = nbgraderOf(cell);
    if (meta === undefined) continue;
    const gradeId = meta["grade_id"] as string;
    if (releaseCells.has(gradeId)) throw new AssignmentLayoutError(`${files.release}: cell ${i + 1} repeats grade_id "${gradeId}"; rebuild the release.`);
    if (cell.cell_type === "raw") continue;
    const template = templateOf(cell);
    releaseCells.set(gradeId, { source: cellSource(cell), cellType: cell.cell_type, nbgrader: meta, ...(template !== undefined ? { template } : {}) });
    if (ids.has(gradeId)) {
      const points = declared.find((e) => e.id === gradeId)!.points;
      current = { id: gradeId, points, checkCellId: "", answerCellIds: [], lockedCellIds: [] };
      layouts.set(gradeId, current);
    }
    if (current === undefined) throw new AssignmentLayoutError(`${files.release}: cell ${i + 1} ("${gradeId}") has nbgrader metadata before any exercise's prompt cell.`);
    if (meta["grade"] === true) {
      if (current.checkCellId !== "") throw new AssignmentLayoutError(`${files.release}: exercise "${current.id}" has two graded cells ("${current.checkCellId}", "${gradeId}").`);
      if (meta["points"] !== current.points) throw new AssignmentLayoutError(`${files.release}: cell "${gradeId}" is worth ${String(meta["points"])} points but metadata.minicloud.exercises says ${current.points}.`);
      current.checkCellId = gradeId;
    } else if (meta["solution"] === true) current.answerCellIds.push(gradeId);
    else current.lockedCellIds.push(gradeId);
  }
  const instructorChecks = new Map<string, string>();
  const instructorCheckTemplates = new Map<string, string>();
  for (const cell of instructor.cells) {
    const gradeId = gradeIdOf(cell);
    if (gradeId === undefined || nbgraderOf(cell)?.["grade"] !== true) continue;
    instructorChecks.set(gradeId, cellSource(cell));
    const template = templateOf(cell);
    if (template !== undefined) instructorCheckTemplates.set(gradeId, template);
  }
  for (const { id } of declared) {
    const layout = layouts.get(id);
    if (layout === undefined) throw new AssignmentLayoutError(`${files.release}: exercise "${id}" has no prompt cell (a cell whose nbgrader grade_id is "${id}").`);
    if (layout.checkCellId === "") throw new AssignmentLayoutError(`${files.release}: exercise "${id}" has no graded check cell.`);
    if (!instructorChecks.has(layout.checkCellId)) throw new AssignmentLayoutError(`${files.instructor}: no graded cell "${layout.checkCellId}"; is it the instructor copy of the same assignment?`);
  }
  const layout = { name, exercises: declared.map((e) => layouts.get(e.id)!), releaseCells, instructorChecks, instructorCheckTemplates, libraryNames: minicloudImports(release) };
  // The shared copies show the numbers of the student they were built for (the build's default when unsaid).
  const sharedStudent = (release.metadata["minicloud"] as { student?: unknown } | undefined)?.student;
  const problem = templateProblem(layout, typeof sharedStudent === "string" ? sharedStudent : DEFAULT_STUDENT);
  if (problem !== undefined) throw new AssignmentLayoutError(`${files.release} and ${files.instructor}: ${problem}; rebuild both with \`npx minicloud build\` and grade with the same minicloud.`);
  return layout;
}
