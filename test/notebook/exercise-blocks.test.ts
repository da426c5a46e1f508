import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildNotebook, exerciseParameters, packageRoot, parseCourseSource, serializeNotebook } from "minicloud";

const fixtures = join(packageRoot(), "test", "notebook", "fixtures");
const sourceText = readFileSync(join(fixtures, "every-construct.md"), "utf8");
const parse = () => parseCourseSource(sourceText, "every-construct.md");

interface Cell {
  id: string;
  cell_type: string;
  metadata: Record<string, any>;
  source: string[];
}
const cellsOf = (json: string): Cell[] => (JSON.parse(json) as { cells: Cell[] }).cells;
const text = (cell: Cell | undefined): string => cell!.source.join("");

// Golden files beside the fixture; `UPDATE=1 npx vitest run test/notebook/exercise-blocks.test.ts` rewrites them.
function expectGolden(name: string, actual: string): void {
  const path = join(fixtures, name);
  if (process.env["UPDATE"] === "1") writeFileSync(path, actual);
  expect(existsSync(path), `${name} is missing: run the test with UPDATE=1 and review the file`).toBe(true);
  expect(actual).toBe(readFileSync(path, "utf8"));
}

describe("exercise blocks", () => {
  it("builds the student copy of every construct as the golden file says", async () => {
    expectGolden("every-construct.student.ipynb", serializeNotebook(buildNotebook(await parse())));
  });

  it("builds the instructor copy of every construct as the golden file says", async () => {
    expectGolden("every-construct.instructor.ipynb", serializeNotebook(buildNotebook(await parse(), { copy: "instructor" })));
  });

  it("reads exercises, roles and hidden checks from the source", async () => {
    const parsed = await parse();
    expect(parsed.meta.assignment).toBe(true);
    expect(parsed.exercises.map((e) => [e.id, e.points, e.hiddenChecks.length])).toEqual([
      ["a0-bill", 3, 2],
      ["whole-cell", 1.5, 0],
    ]);
    expect(parsed.cells.filter((c) => c.exercise !== undefined).map((c) => [c.id, c.role ?? "-"])).toEqual([
      ["a0-bill", "prompt"],
      ["more-prompt", "prompt"],
      ["bill-hint", "hint"],
      ["bill-answer", "answer"],
      ["bill-notes", "-"],
      ["bill-check", "check"],
      ["bill-rubric", "rubric"],
      ["whole-cell", "prompt"],
      ["double-answer", "solution"],
      ["double-check", "check"],
      ["double-rubric", "rubric"],
    ]);
  });

  it("leaves no solution text and no hidden check in the student copy, searched for literally", async () => {
    const parsed = await parse();
    const student = serializeNotebook(buildNotebook(parsed));
    const instructor = serializeNotebook(buildNotebook(parsed, { copy: "instructor" }));
    const secrets = [
      "const billedMs = Math.max(stepMs",
      "requests * 2e-7",
      "WHOLE-CELL-SOLUTION",
      "HIDDEN-ONE",
      "HIDDEN-TWO",
      "RUBRIC-ONE",
      "RUBRIC-TWO",
      'check("06-monthly-cost"',
      "BEGIN SOLUTION",
      "BEGIN HIDDEN TESTS",
    ];
    for (const secret of secrets) {
      expect(student).not.toContain(JSON.stringify(secret).slice(1, -1));
      expect(instructor).toContain(JSON.stringify(secret).slice(1, -1));
    }
  });

  it("replaces each solution region by the stub, indented like its marker, and keeps the code around it", async () => {
    const cells = cellsOf(serializeNotebook(buildNotebook(await parse())));
    expect(text(cells.find((c) => c.id === "bill-answer"))).toBe(
      [
        'function monthlyCost(requests: number, durationMs: number, memoryMB: number, rule: "2019" | "current"): number {',
        '  const stepMs = rule === "2019" ? 100 : 1;',
        "  // YOUR CODE HERE",
        '  throw new Error("not implemented");',
        "}",
        `const mine = monthlyCost(${Object.values(pick("anonymous")).join(", ")}, "current");`,
      ].join("\n"),
    );
    expect(text(cells.find((c) => c.id === "double-answer"))).toBe('// YOUR CODE HERE\nthrow new Error("not implemented");');
    expect(text(cells.find((c) => c.id === "bill-hint"))).toBe("<details><summary>Hint</summary>\n\nRound the duration up first.\n\n</details>");
  });

  it("puts the hidden checks after the public ones between nbgrader's markers in the instructor copy", async () => {
    const cells = cellsOf(serializeNotebook(buildNotebook(await parse(), { copy: "instructor" })));
    const check = text(cells.find((c) => c.id === "bill-check")).split("\n");
    expect(check[0]).toBe('await display(await check("a0-bill", monthlyCost));');
    expect(check[1]).toBe("// BEGIN HIDDEN TESTS");
    expect(check.at(-1)).toBe("// END HIDDEN TESTS");
    expect(text(cells.find((c) => c.id === "double-answer"))).toBe("// BEGIN SOLUTION\nconst double = (n: number): number => n * 2; // WHOLE-CELL-SOLUTION\n// END SOLUTION");
  });

  it("puts each rubric in the instructor copy only, headed with its exercise's points, outside nbgrader's cells", async () => {
    const student = cellsOf(serializeNotebook(buildNotebook(await parse())));
    const instructor = cellsOf(serializeNotebook(buildNotebook(await parse(), { copy: "instructor" })));
    expect(student.map((c) => c.id)).not.toContain("bill-rubric");
    const rubric = instructor.find((c) => c.id === "bill-rubric")!;
    expect(rubric.cell_type).toBe("markdown");
    expect(text(rubric)).toBe("**Rubric · a0-bill · 3 points**\n\nRUBRIC-ONE: all three points when the check passes.");
    expect(rubric.metadata).toEqual({ minicloud: { rubric: "a0-bill" } });
    expect(text(instructor.find((c) => c.id === "double-rubric"))).toMatch(/^\*\*Rubric · whole-cell · 1\.5 points\*\*/);
    // Without the rubrics, the instructor copy has the student copy's cells, in the same order.
    expect(instructor.filter((c) => c.metadata["minicloud"]?.rubric === undefined).map((c) => c.id)).toEqual(student.map((c) => c.id));
  });

  it("gives the same bytes every time it builds", async () => {
    for (const copy of ["student", "instructor"] as const) {
      const first = serializeNotebook(buildNotebook(await parse(), { copy, student: "alice" }));
      const second = serializeNotebook(buildNotebook(await parse(), { copy, student: "alice" }));
      expect(second).toBe(first);
    }
  });
});

/** The a0-bill values in the order the fixture's answer uses them. */
function pick(student: string): { requestsPerMonth: number | string; durationMs: number | string; memoryMB: number | string } {
  const p = exerciseParameters("a0-bill", student);
  return { requestsPerMonth: p["requestsPerMonth"]!, durationMs: p["durationMs"]!, memoryMB: p["memoryMB"]! };
}
