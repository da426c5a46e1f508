// What a source refers to outside itself: exercise ids in check("...") calls, and {{parameter}}
// placeholders. Both are checked against the grading registry, so a typo fails the build, not the class.
import "../grading/index.js";
import { exerciseIds, findExercise } from "../grading/exercise-registry.js";
import type { CourseSource } from "./course-source.js";
import { sourceError } from "./front-matter.js";
import { hasPlaceholders, PLACEHOLDER } from "./placeholders.js";

/** `check("id", ...)` as a call of its own (not `x.check(` or `recheck(`). */
const CHECK_CALL = /(?<![\w$.])check\(\s*(["'`])([^"'`\n]*)\1/g;

/** The parameter names an exercise block may use: those its registered exercise declares. */
export function parameterNames(exerciseId: string | undefined): string[] {
  const choices = exerciseId === undefined ? undefined : findExercise(exerciseId)?.parameters;
  return choices === undefined ? [] : Object.keys(choices).sort();
}

function checkText(source: CourseSource, text: string, firstLine: number, exerciseId: string | undefined): void {
  const known = new Set(exerciseIds());
  const names = parameterNames(exerciseId);
  for (const [index, line] of text.split("\n").entries()) {
    for (const match of line.matchAll(CHECK_CALL)) {
      const id = match[2]!;
      if (!known.has(id)) {
        throw sourceError(source.file, firstLine + index, `check("${id}", ...) names an exercise the grading registry does not know; define it in src/grading/exercises/ or use one of: ${[...known].join(", ")}`);
      }
    }
    for (const match of line.matchAll(PLACEHOLDER)) {
      const name = match[1]!;
      if (name === "student" || names.includes(name)) continue;
      const where =
        exerciseId === undefined
          ? "outside an exercise only {{student}} works"
          : names.length === 0
            ? `exercise "${exerciseId}" declares no parameters (give its entry in src/grading/exercises/ a parameters list)`
            : `exercise "${exerciseId}" declares ${names.map((n) => `{{${n}}}`).join(", ")} and {{student}}`;
      throw sourceError(source.file, firstLine + index, `unknown placeholder {{${name}}}: ${where}`);
    }
  }
}

/** Throws at the first unknown exercise id in a check call or unknown placeholder, naming file:line. */
export function checkSourceReferences(source: CourseSource): void {
  for (const cell of source.cells) checkText(source, cell.source, cell.firstLine, cell.exercise);
  for (const exercise of source.exercises) {
    for (const hidden of exercise.hiddenChecks) checkText(source, hidden.source, hidden.firstLine, exercise.id);
  }
}

/** True when a source uses placeholders, so each student's copy can differ. */
export function usesPlaceholders(source: CourseSource): boolean {
  return source.cells.some((c) => hasPlaceholders(c.source)) || source.exercises.some((e) => e.hiddenChecks.some((h) => hasPlaceholders(h.source)));
}

