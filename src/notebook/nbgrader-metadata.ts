// nbgrader's cell metadata, schema version 3, and its checksum. An instructor copy carries what
// nbgrader's "Create Assignment" toolbar writes; a release carries what `nbgrader generate_assignment`
// adds (checksum, cell_type, and the locks on cells), so either can go through nbgrader unchanged.
import { createHash } from "node:crypto";
import type { SourceCell } from "./course-source.js";

/** nbgrader's metadata for one cell (schema version 3): no other keys are allowed. */
export interface NbgraderCellMetadata {
  schema_version: 3;
  grade: boolean;
  solution: boolean;
  locked: boolean;
  task: boolean;
  grade_id: string;
  points?: number;
  checksum?: string;
  cell_type?: "code" | "markdown";
}

/** The nbgrader metadata a source cell gets, before any checksum; undefined for cells outside exercises and rubrics. */
export function nbgraderFlags(cell: SourceCell, points: number | undefined): NbgraderCellMetadata | undefined {
  // A rubric is instructor-only prose: nbgrader has no such cell, so it gets none of nbgrader's metadata.
  if (cell.exercise === undefined || cell.role === "rubric") return undefined;
  const base = { schema_version: 3 as const, task: false, grade_id: cell.id };
  switch (cell.role) {
    case "answer":
    case "solution":
      return { ...base, grade: false, solution: true, locked: false };
    case "check":
      if (points === undefined) throw new Error(`expected the exercise of check cell ${cell.id} to have points`);
      return { ...base, grade: true, solution: false, locked: true, points };
    default:
      // Prompts, hints and the exercise's other cells are read-only: the grader restores them.
      return { ...base, grade: false, solution: false, locked: true };
  }
}

/** Python's `str(float(x))` for the points a course uses (0 to 1000, at most two decimals). */
function pythonFloat(value: number): string {
  if (!(Number.isFinite(value) && value >= 0 && value < 1e16)) throw new Error(`expected points from 0 to 1000, got ${value}`);
  return Number.isInteger(value) ? `${value}.0` : String(value);
}

/**
 * The checksum nbgrader computes for a cell (nbgrader.utils.compute_checksum): MD5 over the cell's
 * source, its type, str() of its grade, solution and locked flags (a solution cell is never locked, a
 * grade cell always is), its grade id, and, for a grade cell, str(float(points)).
 */
export function nbgraderChecksum(source: string, cellType: "code" | "markdown", meta: NbgraderCellMetadata): string {
  const locked = meta.solution ? false : meta.grade ? true : meta.locked;
  const py = (flag: boolean): string => (flag ? "True" : "False");
  const hash = createHash("md5");
  for (const part of [source, cellType, py(meta.grade), py(meta.solution), py(locked), meta.grade_id]) hash.update(part, "utf8");
  if (meta.grade) hash.update(pythonFloat(meta.points ?? 0), "utf8");
  return hash.digest("hex");
}

/** The cell metadata of a release: nbgrader's metadata with checksum and cell type, and its edit locks. */
export function releaseCellMetadata(source: string, cellType: "code" | "markdown", meta: NbgraderCellMetadata): Record<string, unknown> {
  const nbgrader = { ...meta, checksum: nbgraderChecksum(source, cellType, meta), cell_type: cellType };
  // What nbgrader's LockCells step sets: answers cannot be deleted, checks and read-only cells not edited either.
  const locks = meta.solution ? { deletable: false } : { deletable: false, editable: false };
  return { ...locks, nbgrader };
}
