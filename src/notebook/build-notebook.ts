import { exerciseParameters } from "../grading/index.js";
import type { CourseSource, SourceCell } from "./course-source.js";
import { nbgraderFlags, releaseCellMetadata } from "./nbgrader-metadata.js";
import { CODE_STUB, clearSolutions, markWholeSolution, withHiddenTests } from "./solution-regions.js";
import { DEFAULT_STUDENT, fillPlaceholders, hasPlaceholders } from "./placeholders.js";
import { parameterNames, usesPlaceholders } from "./source-references.js";

/** Who a built notebook is for: a student (no solutions, no hidden checks) or the instructor (everything). */
export type NotebookCopy = "student" | "instructor";

/** How to build a notebook from its source. */
export interface NotebookBuildOptions {
  /** Default `student`. */
  copy?: NotebookCopy;
  /** Whose parameters fill the `{{...}}` placeholders (default {@link DEFAULT_STUDENT}). */
  student?: string;
}

export { DEFAULT_STUDENT };

function lines(text: string): string[] {
  return text.split(/(?<=\n)/).filter((l) => l !== "");
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/** A cell's text in one copy, before placeholders are filled. */
function cellText(source: CourseSource, cell: SourceCell, copy: NotebookCopy): string {
  switch (cell.role) {
    case "answer":
      return copy === "student" ? clearSolutions(cell.source) : cell.source;
    case "solution":
      return copy === "student" ? CODE_STUB : markWholeSolution(cell.source);
    case "check": {
      const hidden = source.exercises.find((e) => e.id === cell.exercise)?.hiddenChecks ?? [];
      return copy === "student" ? cell.source : withHiddenTests(cell.source, hidden.map((h) => h.source));
    }
    case "hint":
      // Folded, so a learner opens it only when stuck.
      return `<details><summary>Hint</summary>\n\n${cell.source}\n\n</details>`;
    case "rubric": {
      // The points come from the exercise marker, so the rubric never disagrees with the grade cell.
      const points = source.exercises.find((e) => e.id === cell.exercise)?.points;
      return `**Rubric · ${cell.exercise} · ${points} point${points === 1 ? "" : "s"}**\n\n${cell.source}`;
    }
    default:
      return cell.source;
  }
}

/**
 * An nbformat 4.5 notebook built from a course source: empty outputs, stable ids, the minicloud kernel.
 * The student copy has every solution region replaced by a stub, no hidden check and no rubric; the
 * instructor copy keeps both between nbgrader's markers, and the rubrics. Exercise cells carry nbgrader
 * metadata (schema 3).
 */
export function buildNotebook(source: CourseSource, options: NotebookBuildOptions = {}): object {
  const copy = options.copy ?? "student";
  const student = options.student ?? DEFAULT_STUDENT;
  const personal = usesPlaceholders(source);
  const values = new Map(source.exercises.map((e) => [e.id, parameterNames(e.id).length > 0 ? exerciseParameters(e.id, student) : {}]));
  const kernel = source.meta.kernel ?? "minicloud";
  return {
    // A rubric is for whoever grades: it is not in the student's copy, and it is no nbgrader cell.
    cells: source.cells.filter((cell) => copy === "instructor" || cell.role !== "rubric").map((cell) => {
      const raw = cellText(source, cell, copy);
      const text = personal ? fillPlaceholders(raw, student, values.get(cell.exercise ?? "") ?? {}) : raw;
      const flags = nbgraderFlags(cell, source.exercises.find((e) => e.id === cell.exercise)?.points);
      // A read-only cell of the release, or a check cell of the instructor copy, that differs per student keeps
      // its text before filling: the grader fills it with a student's values to know that student's copy.
      const graderReads = flags !== undefined && flags.solution !== true && (copy === "student" || flags.grade === true);
      const template = graderReads && hasPlaceholders(raw) ? { minicloud: { template: raw } } : {};
      const metadata = cell.role === "rubric" ? { minicloud: { rubric: cell.exercise } } : flags === undefined ? {} : { ...(copy === "student" ? releaseCellMetadata(text, cell.cellType, flags) : { nbgrader: flags }), ...template };
      return cell.cellType === "code"
        ? { cell_type: "code", execution_count: null, id: cell.id, metadata, outputs: [], source: lines(text) }
        : { cell_type: "markdown", id: cell.id, metadata, source: lines(text) };
    }),
    metadata: {
      kernelspec: { display_name: kernel === "minicloud" ? "TypeScript (minicloud)" : kernel, language: "typescript", name: kernel },
      language_info: { file_extension: ".ts", mimetype: "text/typescript", name: "typescript" },
      minicloud: {
        title: source.meta.title,
        ...(source.meta.objectives ? { objectives: source.meta.objectives } : {}),
        ...(source.meta.time ? { time: source.meta.time } : {}),
        ...(source.meta.prerequisites ? { prerequisites: source.meta.prerequisites } : {}),
        ...(copy === "instructor" ? { copy } : {}),
        ...(personal ? { student } : {}),
        ...(source.exercises.length > 0 ? { exercises: source.exercises.map((e) => ({ id: e.id, points: e.points })) } : {}),
      },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

/** The notebook's bytes, as Jupyter writes them (sorted keys, one-space indent, trailing newline): building twice gives the same file. */
export function serializeNotebook(notebook: object): string {
  return JSON.stringify(sortKeys(notebook), null, 1) + "\n";
}
