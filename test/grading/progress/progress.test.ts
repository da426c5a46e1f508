import { appendFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { check, connectKernel, progress, progressSummary, progressTable, VEGA_LITE_MIME, type GradingNotebook, type MimeBundle } from "minicloud";
import { progressFile, readProgress, recordCheck } from "../../../src/grading/progress/progress-store.js";
import { summarizeProgress } from "../../../src/grading/progress/progress-summary.js";

const root = new URL("../../../", import.meta.url).pathname;
const lambdaNotebook = join(root, "notebooks/03-lambda-functions.ipynb");
const a1 = join(root, "assignments/a1-lambda/release/a1-lambda.ipynb");
const load = (path: string): GradingNotebook => JSON.parse(readFileSync(path, "utf8")) as GradingNotebook;
const homes: string[] = [];
const newHome = (): string => {
  const home = mkdtempSync(join(tmpdir(), "minicloud-progress-"));
  homes.push(home);
  return home;
};
const at = (minute: number) => () => new Date(Date.UTC(2025, 2, 1, 14, minute));

afterAll(() => homes.forEach((h) => rmSync(h, { recursive: true, force: true })));
afterEach(() => connectKernel(undefined));

describe("progress", () => {
  it("keeps the latest result per exercise and notebook, and skips a line cut short", () => {
    const home = newHome();
    recordCheck({ exercise: "03-handler", passed: false, message: "no" }, { home, now: at(1), notebook: "/home/student/course/notebooks/03-lambda-functions.ipynb" });
    recordCheck({ exercise: "03-handler", passed: true, message: "yes" }, { home, now: at(2), notebook: "notebooks/03-lambda-functions.ipynb" });
    recordCheck({ exercise: "03-handler", passed: false, message: "elsewhere" }, { home, now: at(3), notebook: "a1-lambda.ipynb" });
    appendFileSync(progressFile(home), '{"exercise":"03-stateless","pas');
    const latest = [...readProgress(home).values()];
    expect(latest.map((r) => [r.notebook, r.exercise, r.passed])).toEqual([
      ["03-lambda-functions.ipynb", "03-handler", true],
      ["a1-lambda.ipynb", "03-handler", false],
    ]);
  });

  it("passes an exercise when every check its check cell makes last passed, in that notebook or an unknown one", () => {
    const home = newHome();
    recordCheck({ exercise: "03-handler", passed: true, message: "ok" }, { home, now: at(1), notebook: "" });
    recordCheck({ exercise: "03-billed-duration", passed: false, message: "billed(1) is 1; expected 100" }, { home, now: at(2), notebook: "03-lambda-functions.ipynb" });
    recordCheck({ exercise: "03-stateless", passed: true, message: "ok" }, { home, now: at(3), notebook: "somewhere-else.ipynb" });
    const summary = summarizeProgress([{ name: "03-lambda-functions.ipynb", notebook: load(lambdaNotebook) }, { name: "a1-lambda.ipynb", notebook: load(a1) }], readProgress(home));
    expect(summary.notebooks[0]!.exercises.map((e) => [e.exercise, e.status, e.points])).toEqual([
      ["03-handler", "passed", 3],
      ["03-billed-duration", "failed", 0],
      ["03-stateless", "not tried", 0],
      ["03-custom-runtime", "not tried", 0],
    ]);
    expect(summary.notebooks[0]!.exercises[1]!.message).toBe("billed(1) is 1; expected 100");
    // The assignment's a1-handler checks 03-handler, recorded where the notebook was unknown.
    expect(summary.notebooks[1]!.exercises.map((e) => e.status)).toEqual(["passed", "not tried", "not tried", "not tried", "not tried", "not tried"]);
    expect([summary.points, summary.maxPoints, summary.passed, summary.exercises]).toEqual([6, 26, 2, 10]);
  });

  it("shows a table with totals per notebook and overall", () => {
    const home = newHome();
    recordCheck({ exercise: "03-handler", passed: true, message: "ok" }, { home, now: at(5), notebook: "03-lambda-functions.ipynb" });
    const text = progressTable(progressSummary([lambdaNotebook], home)).toMimeBundle() as MimeBundle;
    expect(text["text/plain"]).toMatch(/03 · Lambda functions\s+03-handler\s+✓ passed\s+3 \/ 3\s+2025-03-01 14:05/);
    expect(text["text/plain"]).toMatch(/\n\s+03-stateless\s+· not tried\s+0 \/ 3/);
    expect(text["text/plain"]).toMatch(/\n\s+total\s+3 \/ 12/);
    expect(text["text/plain"]).toMatch(/all notebooks\s+1 of 4 passed\s+3 \/ 12/);
    expect(text["text/html"]).toContain("<th style=\"text-align:left\">last checked</th>");
  });

  it("records every check() a notebook runs, and progress() shows it as a table and a chart", async () => {
    const home = newHome();
    const before = process.env["MINICLOUD_HOME"];
    process.env["MINICLOUD_HOME"] = home;
    try {
      const result = await check("06-monthly-cost", () => 0);
      expect(result.passed).toBe(false);
      expect([...readProgress(home).values()]).toEqual([expect.objectContaining({ exercise: "06-monthly-cost", passed: false })]);
      const shown: MimeBundle[] = [];
      connectKernel({ display: (b) => shown.push(b) });
      await progress([join(root, "notebooks/06-lambda-pricing.ipynb")]);
      expect(shown).toHaveLength(2);
      expect(shown[0]!["text/plain"]).toMatch(/06-monthly-cost\s+✗ failed/);
      expect(shown[1]![VEGA_LITE_MIME]).toMatchObject({ data: { values: expect.arrayContaining([expect.objectContaining({ exercise: "06-monthly-cost", status: "failed" })]) } });
      expect(String(shown[1]!["image/svg+xml"])).toContain("<svg");
    } finally {
      if (before === undefined) delete process.env["MINICLOUD_HOME"];
      else process.env["MINICLOUD_HOME"] = before;
    }
  });

  it("says which file is not a notebook", () => {
    expect(() => progressSummary([join(root, "package.json")])).toThrow(/package\.json: not a notebook/);
  });
});
