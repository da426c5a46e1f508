// Every exercise of every course notebook and assignment is solvable: the instructor copy (the student
// copy with the solutions in, and an assignment's hidden checks) runs top to bottom, and each exercise's
// check says it passed. And an assignment's starter is not: in the student copy every check fails.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { buildNotebook, packageRoot, parseCourseSource, serializeNotebook, type NotebookCopy } from "minicloud";
import type { ExecutedNotebook } from "../support/notebooks.js";

const sources = join(packageRoot(), "notebooks", "sources");
const markdownIn = (folder: string): string[] =>
  readdirSync(join(sources, folder))
    .filter((f) => f.endsWith(".md") && f !== "README.md")
    .map((f) => join(folder, f));
const withExercises = markdownIn(".").filter((f) => readFileSync(join(sources, f), "utf8").includes("<!-- exercise:"));
const assignments = markdownIn("assignments");
// Inside the project, so the kernel finds minicloud from the notebooks as it does for the course's own.
const work = mkdtempSync(join(packageRoot(), "notebooks", ".solutions-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

type RanCell = { id?: string; outputs?: unknown[]; metadata?: { nbgrader?: { grade?: boolean } } };

/** Builds one copy of a source, runs it with `minicloud run`, and returns its source and its graded cells as they ran. */
async function runCopy(file: string, copy: NotebookCopy, allowErrors: boolean): Promise<{ exercises: number; checks: { id: string; text: string }[] }> {
  const source = await parseCourseSource(readFileSync(join(sources, file), "utf8"), join("notebooks", "sources", file));
  const name = `${copy}-${file.replace(/[/\\]/g, "-").replace(/\.md$/, ".ipynb")}`;
  writeFileSync(join(work, name), serializeNotebook(buildNotebook(source, { copy })));
  const output = join(work, `ran-${name}`);
  const run = promisify(execFile)(process.execPath, [join(packageRoot(), "bin", "minicloud.js"), "run", join(work, name), "--output", output, ...(allowErrors ? ["--allow-errors"] : [])], {
    cwd: packageRoot(),
    env: { ...process.env, MINICLOUD_ENGINE: "process" },
  });
  // With errors allowed, a cell that failed makes the command fail too, after it wrote what ran.
  await (allowErrors ? run.catch(() => undefined) : run);
  const ran = JSON.parse(readFileSync(output, "utf8")) as ExecutedNotebook & { cells: RanCell[] };
  const checks = ran.cells.filter((c) => c.metadata?.nbgrader?.grade).map((c) => ({ id: c.id ?? "", text: (c.outputs ?? []).map((o) => JSON.stringify(o)).join("\n") }));
  return { exercises: source.exercises.length, checks };
}

describe("reference solutions", { timeout: 300_000 }, () => {
  it("there are course notebooks with exercise blocks, and assignments", () => {
    expect(withExercises.length).toBeGreaterThan(0);
    expect(assignments).toContain(join("assignments", "a2-ecs.md"));
    expect(assignments).toContain(join("assignments", "a3-capstone.md"));
  });

  it.each([...withExercises, ...assignments])("%s: with its solutions in, every check passes", async (file) => {
    const { exercises, checks } = await runCopy(file, "instructor", false);
    expect(checks.length).toBe(exercises);
    for (const { id, text } of checks) {
      expect(text, `check cell ${id}`).toContain("✓");
      expect(text, `check cell ${id}`).not.toContain("✗");
    }
  });

  it.each(assignments)("%s: the starter fails every check", async (file) => {
    const { exercises, checks } = await runCopy(file, "student", true);
    expect(checks.length).toBe(exercises);
    for (const { id, text } of checks) {
      // Feedback that says what failed, or the error the stub threw: never a pass.
      expect(text, `check cell ${id}`).toMatch(/✗|"output_type":"error"/);
      expect(text, `check cell ${id}`).not.toContain("✓");
    }
  });
});
