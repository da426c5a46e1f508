import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildNotebook, nbgraderChecksum, packageRoot, parseCourseSource, serializeNotebook } from "minicloud";

const base = { schema_version: 3 as const, task: false };

describe("nbgrader metadata", () => {
  // Each digest below was computed by hand with Python's hashlib.md5, feeding the parts nbgrader's
  // compute_checksum feeds: source, cell type, str(grade), str(solution), str(locked), grade id, str(float(points)).
  it("computes nbgrader's checksum for a grade cell: the points enter as Python's str(float(points))", () => {
    expect(nbgraderChecksum("print(1)", "code", { ...base, grade: true, solution: false, locked: true, grade_id: "q1", points: 2 })).toBe("2784d3ecff5d019f8845d565d4857374");
  });

  it("computes nbgrader's checksum for a solution cell, which is never locked and has no points", () => {
    // locked: true is ignored: nbgrader's is_locked says False for a solution cell.
    expect(nbgraderChecksum("x = 1", "code", { ...base, grade: false, solution: true, locked: true, grade_id: "q2" })).toBe("9c09ae0bc8c68d0a791a633c849f90fc");
  });

  it("computes nbgrader's checksum for a read-only Markdown cell", () => {
    expect(nbgraderChecksum("Read me", "markdown", { ...base, grade: false, solution: false, locked: true, grade_id: "intro" })).toBe("e56b31e5f3d54cfbda625c51934c4ed8");
  });

  it("gives exercise cells exactly the schema-3 keys, with checksums over the student's text in a release", async () => {
    const source = await parseCourseSource(readFileSync(join(packageRoot(), "test", "notebook", "fixtures", "every-construct.md"), "utf8"), "every-construct.md");
    const release = JSON.parse(serializeNotebook(buildNotebook(source))) as { cells: { id: string; cell_type: "code" | "markdown"; metadata: Record<string, any>; source: string[] }[] };
    const instructor = JSON.parse(serializeNotebook(buildNotebook(source, { copy: "instructor" }))) as typeof release;
    const graded = release.cells.filter((c) => c.metadata["nbgrader"] !== undefined);
    expect(graded.map((c) => c.id)).toEqual(["a0-bill", "more-prompt", "bill-hint", "bill-answer", "bill-notes", "bill-check", "whole-cell", "double-answer", "double-check"]);
    for (const cell of graded) {
      const meta = cell.metadata["nbgrader"];
      const keys = ["cell_type", "checksum", "grade", "grade_id", "locked", "schema_version", "solution", "task", ...(meta.grade ? ["points"] : [])].sort();
      expect(Object.keys(meta).sort()).toEqual(keys);
      expect(meta.grade_id).toMatch(/^[a-zA-Z0-9_-]*$/);
      expect(meta.checksum).toBe(nbgraderChecksum(cell.source.join(""), cell.cell_type, meta));
      expect(cell.metadata["deletable"]).toBe(false);
    }
    const byId = (id: string) => release.cells.find((c) => c.id === id)!.metadata;
    expect(byId("bill-check")).toMatchObject({ editable: false, nbgrader: { grade: true, solution: false, locked: true, points: 3 } });
    expect(byId("double-check")["nbgrader"].points).toBe(1.5);
    expect(byId("bill-answer")).toMatchObject({ nbgrader: { grade: false, solution: true, locked: false } });
    expect(byId("bill-answer")["editable"]).toBeUndefined();
    expect(byId("bill-hint")).toMatchObject({ editable: false, nbgrader: { grade: false, solution: false, locked: true } });
    expect(release.cells.find((c) => c.id === "intro")!.metadata).toEqual({});
    // The instructor copy is an nbgrader source: flags only, as the Create Assignment toolbar writes them.
    for (const cell of instructor.cells.filter((c) => c.metadata["nbgrader"] !== undefined)) {
      expect(Object.keys(cell.metadata)).toEqual(["nbgrader"]);
      expect(cell.metadata["nbgrader"].checksum).toBeUndefined();
    }
  });
});
