import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "minicloud";
import { errorOutputs, executeWithNbconvert } from "../support/notebooks.js";
import { jupyterForTests } from "../support/requirements.js";

const jupyter = jupyterForTests();
const root = packageRoot();
const instructor = "assignments/a0-example/instructor/a0-example.ipynb";
const release = "assignments/a0-example/release/a0-example.ipynb";

interface Cell {
  id: string;
  source: string[];
  outputs?: { output_type: string; ename?: string; evalue?: string }[];
}

describe.skipIf(jupyter.skip)(`the example assignment, from source to grade ${jupyter.reason}`, () => {
  it("runs the instructor copy top to bottom: the solution passes the public and the hidden checks", async () => {
    const executed = await executeWithNbconvert(jupyter.install!, instructor, { env: { MINICLOUD_ENGINE: "process" } });
    expect(errorOutputs(executed)).toEqual([]);
  });

  it("scores an untouched release zero once the grader restores the check cell with its hidden checks", async () => {
    // What an autograder does: the student's notebook, with the locked check cell taken from the instructor copy.
    const student = JSON.parse(readFileSync(join(root, release), "utf8")) as { cells: Cell[] };
    const source = JSON.parse(readFileSync(join(root, instructor), "utf8")) as { cells: Cell[] };
    const checkCell = student.cells.find((c) => c.id === "a0-bill-check")!;
    checkCell.source = source.cells.find((c) => c.id === "a0-bill-check")!.source;
    const dir = mkdtempSync(join(root, "notebooks", ".e2e-"));
    try {
      writeFileSync(join(dir, "submitted.ipynb"), JSON.stringify(student));
      const executed = await executeWithNbconvert(jupyter.install!, relative(root, join(dir, "submitted.ipynb")), { allowErrors: true, env: { MINICLOUD_ENGINE: "process" } });
      const graded = (executed.cells as Cell[]).find((c) => c.id === "a0-bill-check")!;
      expect(graded.outputs!.some((o) => o.output_type === "error" && /monthlyCost: /.test(o.evalue ?? ""))).toBe(true);
      // Only the check cell fails: the release itself runs, with the stub reported as feedback.
      expect(errorOutputs(executed).filter((e) => !e.startsWith("cell a0-bill-check"))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
