import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { AssignmentLayoutError, buildNotebook, exerciseParameters, insertHiddenChecks, matchCells, parseCourseSource, readAssignmentLayout, restoreLockedCells, studentLayout, type GradingCell, type GradingNotebook } from "minicloud";

const sourceOf = (name: string): string => readFileSync(new URL(`../../../notebooks/sources/assignments/${name}.md`, import.meta.url), "utf8");

/** An assignment's release, instructor copy and one student's copy, built from its source as `minicloud build` does. */
async function copies(name: string, text = sourceOf(name)): Promise<{ release: GradingNotebook; instructor: GradingNotebook; copyOf: (student: string) => GradingNotebook }> {
  const parsed = await parseCourseSource(text, `notebooks/sources/assignments/${name}.md`);
  const build = (options: Parameters<typeof buildNotebook>[1]): GradingNotebook => JSON.parse(JSON.stringify(buildNotebook(parsed, options))) as GradingNotebook;
  return { release: build({ copy: "student" }), instructor: build({ copy: "instructor" }), copyOf: (student) => build({ copy: "student", student }) };
}

const sourceText = (cell: GradingCell | undefined): string => (Array.isArray(cell?.source) ? cell.source.join("") : (cell?.source ?? ""));
const cellById = (notebook: GradingNotebook, id: string): GradingCell => notebook.cells.find((c) => c.id === id)!;
/** `notebook` with the source of cell `id` changed by `edit`. */
const edited = (notebook: GradingNotebook, id: string, edit: (text: string) => string): GradingNotebook => ({
  ...notebook,
  cells: notebook.cells.map((c) => (c.id === id ? { ...c, source: edit(sourceText(c)) } : c)),
});
const lockedEdits = (layout: ReturnType<typeof readAssignmentLayout>, submission: GradingNotebook): string[] =>
  restoreLockedCells(layout, submission, matchCells(layout, submission)).feedback.filter((f) => f.rule === "locked-cell-edited").map((f) => f.place);

describe("grading a student's own copy of an assignment with per-student numbers", () => {
  it("takes alice's a0-example prompt, with her numbers, for hers — and the shared release's layout would not", async () => {
    const { release, instructor, copyOf } = await copies("a0-example");
    const layout = readAssignmentLayout("a0-example", release, instructor);
    const alice = copyOf("alice");
    const mine = exerciseParameters("a0-bill", "alice");
    expect(sourceText(cellById(alice, "a0-bill"))).toContain(`**${mine["durationMs"]} ms**`);
    expect(lockedEdits(layout, alice)).toEqual(["cell a0-bill"]);
    const hers = studentLayout(layout, "alice");
    expect(lockedEdits(hers, alice)).toEqual([]);
    // What the grader runs is her prompt, not the shared copy's.
    const restored = restoreLockedCells(hers, alice, matchCells(hers, alice)).notebook;
    expect(sourceText(cellById(restored, "a0-bill"))).toBe(sourceText(cellById(alice, "a0-bill")));
  });

  it("still finds an edit of a read-only cell in alice's copy, of her numbers too, and puts hers back", async () => {
    const { release, instructor, copyOf } = await copies("a0-example");
    const hers = studentLayout(readAssignmentLayout("a0-example", release, instructor), "alice");
    const alice = copyOf("alice");
    const mine = exerciseParameters("a0-bill", "alice");
    const numbersChanged = edited(alice, "a0-bill", (t) => t.replace(`**${mine["memoryMB"]} MB**`, "**128 MB**"));
    const checkChanged = edited(alice, "a0-bill-check", () => "// nothing to check\n");
    expect(lockedEdits(hers, numbersChanged)).toEqual(["cell a0-bill"]);
    expect(lockedEdits(hers, checkChanged)).toEqual(["cell a0-bill-check"]);
    const restored = restoreLockedCells(hers, numbersChanged, matchCells(hers, numbersChanged)).notebook;
    expect(sourceText(cellById(restored, "a0-bill"))).toBe(sourceText(cellById(alice, "a0-bill")));
  });

  it("says a prompt with another student's numbers is not as in the student's own copy", async () => {
    const { release, instructor, copyOf } = await copies("a0-example");
    const hers = studentLayout(readAssignmentLayout("a0-example", release, instructor), "alice");
    const feedback = restoreLockedCells(hers, copyOf("bob"), matchCells(hers, copyOf("bob"))).feedback;
    expect(feedback).toEqual([{ place: "cell a0-bill", rule: "locked-cell-edited", reason: expect.stringContaining("not as in your own copy") }]);
  });

  it("takes alice's a2-ecs copy for hers, and finds an edit of its read-only cells", async () => {
    const { release, instructor, copyOf } = await copies("a2-ecs");
    const hers = studentLayout(readAssignmentLayout("a2-ecs", release, instructor), "alice");
    const alice = copyOf("alice");
    expect(JSON.stringify(alice.metadata)).toContain('"student":"alice"');
    expect(lockedEdits(hers, alice)).toEqual([]);
    const prompt = edited(alice, "a2-layout", (t) => `${t}\nThe grader gives everyone 2 points.`);
    const given = edited(alice, "a2-layout-mine", (t) => t.replace('exerciseParameters("a2-layout", student)', 'exerciseParameters("a2-layout", "bob")'));
    expect(lockedEdits(hers, prompt)).toEqual(["cell a2-layout"]);
    expect(lockedEdits(hers, given)).toEqual(["cell a2-layout-mine"]);
  });

  it("refuses, when it reads the assignment, a template that names an unknown parameter or does not give its cell's text", async () => {
    const { release, instructor } = await copies("a0-example");
    const withTemplate = (template: string): GradingNotebook => ({
      ...release,
      cells: release.cells.map((c) => (c.id === "a0-bill" ? { ...c, metadata: { ...c.metadata, minicloud: { template } } } : c)),
    });
    const template = (cellById(release, "a0-bill").metadata["minicloud"] as { template: string }).template;
    expect(() => readAssignmentLayout("a0-example", withTemplate(template.replace("{{memoryMB}}", "{{memoryGB}}")), instructor)).toThrow(AssignmentLayoutError);
    expect(() => readAssignmentLayout("a0-example", withTemplate(template.replace("{{memoryMB}}", "{{memoryGB}}")), instructor)).toThrow(/fills \{\{memoryGB\}\}, which exercise "a0-bill" does not declare/);
    expect(() => readAssignmentLayout("a0-example", withTemplate(`${template}\nAll answers get full marks.`), instructor)).toThrow(/does not give its own text for student "anonymous"/);
  });

  it("runs the instructor's checks with the student's own numbers when they hold placeholders", async () => {
    const text = sourceOf("a0-example").replace('const mine = exerciseParameters("a0-bill", student);', 'const mine = exerciseParameters("a0-bill", student);\nconst memoryShown = {{memoryMB}};');
    const { release, instructor } = await copies("a0-example", text);
    const layout = readAssignmentLayout("a0-example", release, instructor);
    const memory = (student: string): string => String(exerciseParameters("a0-bill", student)["memoryMB"]);
    const run = insertHiddenChecks(studentLayout(layout, "alice"), release, "alice", () => "k");
    expect(sourceText(cellById(run.notebook, "a0-bill-check"))).toContain(`const memoryShown = ${memory("alice")};`);
    expect(layout.instructorChecks.get("a0-bill-check")).toContain(`const memoryShown = ${memory("anonymous")};`);
  });
});
