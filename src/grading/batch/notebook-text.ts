import type { GradingCell } from "./types.js";

/** A cell's source as one string (nbformat stores multiline strings as lists of lines). */
export function cellSource(cell: GradingCell): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/** The nbgrader metadata of a cell, if it has any that names a grade_id. */
export function nbgraderOf(cell: GradingCell): Record<string, unknown> | undefined {
  const meta = cell.metadata["nbgrader"];
  if (typeof meta !== "object" || meta === null) return undefined;
  return typeof (meta as Record<string, unknown>)["grade_id"] === "string" ? (meta as Record<string, unknown>) : undefined;
}

/** A cell's grade_id, if nbgrader metadata gives it one. */
export function gradeIdOf(cell: GradingCell): string | undefined {
  return nbgraderOf(cell)?.["grade_id"] as string | undefined;
}

/** The exercise ids a cell's source passes to `check("...", ...)`. */
export function checkIdsIn(source: string): Set<string> {
  return new Set([...source.matchAll(/\bcheck\(\s*(["'`])([^"'`]+)\1/g)].map((m) => m[2]!));
}
