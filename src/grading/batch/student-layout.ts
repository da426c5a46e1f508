// Step 1b: the layout of one student's copy. An assignment with per-student numbers (exercise parameters
// in `{{placeholders}}`) hands each student a copy whose prompts — and any given code or check that uses
// them — show that student's values, where the release shows the shared copy's. The build keeps each such
// cell's text before filling (`metadata.minicloud.template`), in the release and in the instructor copy;
// filled with this student's values it is exactly the cell of their copy. So the grader still compares
// whole read-only cells — an edit of any part of one, numbers included, is found — and restores and runs
// the student's own version. The values come from the grader's student id and the release, both trusted;
// nothing in the submission (its metadata, its text) chooses them.
import { fillPlaceholders } from "../../notebook/placeholders.js";
import { exerciseParameters, findExercise } from "../exercise-registry.js";
import type { AssignmentLayout } from "./types.js";

/** The layout of `student`'s own copy: the cells that differ per student filled with their values. */
export function studentLayout(layout: AssignmentLayout, student: string): AssignmentLayout {
  const personal = [...layout.releaseCells.values()].some((c) => c.template !== undefined) || layout.instructorCheckTemplates.size > 0;
  if (!personal) return layout;
  const exerciseOf = new Map<string, string>();
  for (const e of layout.exercises) for (const id of [e.id, e.checkCellId, ...e.answerCellIds, ...e.lockedCellIds]) exerciseOf.set(id, e.id);
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
