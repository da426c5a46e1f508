// Step 1b: the layout of one student's copy. An assignment with per-student numbers (exercise parameters
// in `{{placeholders}}`) hands each student a copy whose prompts — and any given code or check that uses
// them — show that student's values, where the release shows the shared copy's. The build keeps each such
// cell's text before filling (`metadata.minicloud.template`), in the release and in the instructor copy;
// filled with this student's values it is exactly the cell of their copy. So the grader still compares
// whole read-only cells — an edit of any part of one, numbers included, is found — and restores and runs
// the student's own version. The values come from the grader's student id and the release, both trusted;
// nothing in the submission (its metadata, its text) chooses them.
import { fillPlaceholders, PLACEHOLDER } from "../../notebook/placeholders.js";
import { exerciseParameters, findExercise } from "../exercise-registry.js";
import type { AssignmentLayout } from "./types.js";

function exerciseOfCells(layout: AssignmentLayout): Map<string, string> {
  const exerciseOf = new Map<string, string>();
  for (const e of layout.exercises) for (const id of [e.id, e.checkCellId, ...e.answerCellIds, ...e.lockedCellIds]) exerciseOf.set(id, e.id);
  return exerciseOf;
}

function templates(layout: AssignmentLayout): [string, string][] {
  return [...[...layout.releaseCells].flatMap(([id, c]): [string, string][] => (c.template === undefined ? [] : [[id, c.template]])), ...layout.instructorCheckTemplates];
}

/**
 * What is wrong with the layout's templates, or undefined: each may name only `{{student}}` and the
 * parameters its exercise declares in this minicloud, and filled for the shared copy's student it must
 * give the shared copy's own text. Checked when the layout is read, so a release built by another
 * minicloud fails there, once, rather than with each submission.
 */
export function templateProblem(layout: AssignmentLayout, sharedStudent: string): string | undefined {
  const exerciseOf = exerciseOfCells(layout);
  for (const [id, template] of templates(layout)) {
    const exercise = exerciseOf.get(id) ?? "";
    const known = Object.keys(findExercise(exercise)?.parameters ?? {});
    const unknown = [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!).find((name) => name !== "student" && !known.includes(name));
    if (unknown !== undefined) return `cell "${id}" fills {{${unknown}}}, which exercise "${exercise}" does not declare in this minicloud`;
  }
  const shared = studentLayout(layout, sharedStudent);
  const differs = [...layout.releaseCells.keys()].find((id) => shared.releaseCells.get(id)!.source !== layout.releaseCells.get(id)!.source) ??
    [...layout.instructorChecks.keys()].find((id) => shared.instructorChecks.get(id) !== layout.instructorChecks.get(id));
  return differs === undefined ? undefined : `cell "${differs}" has a template (metadata.minicloud.template) that does not give its own text for student "${sharedStudent}"`;
}

/** The layout of `student`'s own copy: the cells that differ per student filled with their values. */
export function studentLayout(layout: AssignmentLayout, student: string): AssignmentLayout {
  if (templates(layout).length === 0) return layout;
  const exerciseOf = exerciseOfCells(layout);
  const fill = (template: string, gradeId: string): string => {
    const exercise = exerciseOf.get(gradeId);
    const values = exercise !== undefined && findExercise(exercise)?.parameters !== undefined ? exerciseParameters(exercise, student) : {};
    return fillPlaceholders(template, student, values);
  };
  const releaseCells: AssignmentLayout["releaseCells"] = new Map(
    [...layout.releaseCells].map(([id, cell]) => [id, cell.template === undefined ? cell : { ...cell, source: fill(cell.template, id) }]),
  );
  const instructorChecks = new Map([...layout.instructorChecks].map(([id, source]) => {
    const template = layout.instructorCheckTemplates.get(id);
    return [id, template === undefined ? source : fill(template, id)];
  }));
  return { ...layout, releaseCells, instructorChecks };
}
