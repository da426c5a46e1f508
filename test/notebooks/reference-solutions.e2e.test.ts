// Every exercise of every course notebook is solvable: the instructor copy (the student copy with the
// solutions in) runs top to bottom, and each exercise's check says it passed.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { buildNotebook, packageRoot, parseCourseSource, serializeNotebook } from "minicloud";
import type { ExecutedNotebook } from "../support/notebooks.js";

const sources = join(packageRoot(), "notebooks", "sources");
const withExercises = readdirSync(sources)
  .filter((f) => f.endsWith(".md") && f !== "README.md")
  .filter((f) => readFileSync(join(sources, f), "utf8").includes("<!-- exercise:"));
// Inside the project, so the kernel finds minicloud from the notebooks as it does for the course's own.
const work = mkdtempSync(join(packageRoot(), "notebooks", ".solutions-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("reference solutions", { timeout: 300_000 }, () => {
  it("there are course notebooks with exercise blocks", () => {
    expect(withExercises.length).toBeGreaterThan(0);
  });

  it.each(withExercises)("%s: with its solutions in, every check passes", async (file) => {
    const source = await parseCourseSource(readFileSync(join(sources, file), "utf8"), join("notebooks", "sources", file));
    const instructor = join(work, file.replace(/\.md$/, ".ipynb"));
    writeFileSync(instructor, serializeNotebook(buildNotebook(source, { copy: "instructor" })));
    const output = join(work, `ran-${file.replace(/\.md$/, ".ipynb")}`);
    await promisify(execFile)(process.execPath, [join(packageRoot(), "bin", "minicloud.js"), "run", instructor, "--output", output], {
      cwd: packageRoot(),
      env: { ...process.env, MINICLOUD_ENGINE: "process" },
    });
    const ran = JSON.parse(readFileSync(output, "utf8")) as ExecutedNotebook & { cells: { id?: string; metadata?: { nbgrader?: { grade?: boolean } } }[] };
    const checks = ran.cells.filter((c) => c.metadata?.nbgrader?.grade);
    expect(checks.length).toBe(source.exercises.length);
    for (const cell of checks) {
      const text = (cell.outputs ?? []).map((o) => JSON.stringify(o)).join("\n");
      expect(text, `check cell ${cell.id}`).toContain("✓");
      expect(text, `check cell ${cell.id}`).not.toContain("✗");
    }
  });
});
