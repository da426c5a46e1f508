import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { packageRoot, type ProgressSummary } from "minicloud";

const run = promisify(execFile);
const root = packageRoot();
const cli = join(root, "bin", "minicloud.js");
// Inside notebooks/ so the kernel finds minicloud in the project's node_modules, as a notebook does.
const work = mkdtempSync(join(root, "notebooks", ".runner-"));
const home = mkdtempSync(join(tmpdir(), "minicloud-progress-home-"));
afterAll(() => [work, home].forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const nbgrader = (id: string, fields: Record<string, unknown>) => ({ nbgrader: { schema_version: 3, locked: false, points: 0, grade: false, solution: false, ...fields, grade_id: id } });
const code = (id: string, source: string, fields?: Record<string, unknown>) => ({ cell_type: "code", id, metadata: fields ? nbgrader(id, fields) : {}, source, outputs: [], execution_count: null });
const prompt = (id: string, source: string) => ({ cell_type: "markdown", id, metadata: nbgrader(id, { locked: true }), source });

// A notebook of two exercises as `minicloud build` lays them out: a prompt, an answer, a check cell each.
// The first answer is right; the second is not.
const notebook = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: { minicloud: { title: "Pricing drill", exercises: [{ id: "06-monthly-cost", points: 2 }, { id: "06-break-even", points: 3 }] } },
  cells: [
    code("setup", 'import { check, display, lambdaCost } from "minicloud";'),
    prompt("06-monthly-cost", "## A month of Lambda"),
    code("cost-answer", 'function monthlyCost(requests: number, durationMs: number, memoryMB: number, rule: "2019" | "current"): number {\n  return lambdaCost({ requests, durationMs, memoryMB, rule }).total;\n}', { solution: true }),
    code("cost-check", 'await display(await check("06-monthly-cost", monthlyCost));', { grade: true, locked: true, points: 2 }),
    prompt("06-break-even", "## When is a server cheaper?"),
    code("even-answer", "function breakEven(durationMs: number, memoryMB: number, serverPerMonth: number): number {\n  return 42;\n}", { solution: true }),
    code("even-check", 'await display(await check("06-break-even", breakEven));', { grade: true, locked: true, points: 3 }),
  ],
};

describe("minicloud progress", () => {
  const path = join(work, "pricing-drill.ipynb");
  writeFileSync(path, JSON.stringify(notebook));
  const env = { ...process.env, MINICLOUD_HOME: home };

  it("says nothing has been checked yet, before any check ran", async () => {
    const { stdout } = await run(process.execPath, [cli, "progress", path], { env });
    expect(stdout).toMatch(/Pricing drill\s+06-monthly-cost\s+· not tried\s+0 \/ 2/);
    expect(stdout).toContain("No check has run yet");
  });

  it("--rerun runs the notebook and shows which exercises pass, with the totals", async () => {
    const { stdout, stderr } = await run(process.execPath, [cli, "progress", path, "--rerun", "--timeout", "120"], { env });
    expect(stderr).toContain("[1/1] running pricing-drill.ipynb…");
    expect(stdout).toMatch(/Pricing drill\s+06-monthly-cost\s+✓ passed\s+2 \/ 2\s+\d{4}-\d\d-\d\d \d\d:\d\d/);
    expect(stdout).toMatch(/\n\s+06-break-even\s+✗ failed\s+0 \/ 3/);
    expect(stdout).toMatch(/all notebooks\s+1 of 2 passed\s+2 \/ 5/);
  }, 180_000);

  it("remembers the results, under the notebook's own name, for the next look", async () => {
    const { stdout } = await run(process.execPath, [cli, "progress", "--json", path], { env });
    const summary = JSON.parse(stdout) as ProgressSummary;
    expect(summary.notebooks[0]!.exercises.map((e) => [e.exercise, e.status])).toEqual([["06-monthly-cost", "passed"], ["06-break-even", "failed"]]);
    const records = readFileSync(join(home, "progress.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { notebook?: string });
    expect(records.map((r) => r.notebook)).toEqual(["pricing-drill.ipynb", "pricing-drill.ipynb"]);
  });

  it("names a path that is not there", async () => {
    const error = (await run(process.execPath, [cli, "progress", join(work, "missing.ipynb")], { env }).catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(error.code).toBe(1);
    expect(error.stderr).toContain("missing.ipynb: no such notebook or folder.");
  });
});
