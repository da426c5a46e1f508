import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readGradeExtras } from "../../cli/grade-options.js";
import { packageFiles } from "../../cli/grade-package.js";
import { findHandedInNotebook } from "../../cli/grade-platform.js";
import { shellWords } from "../../cli/grading-script.js";
import { questionUuid } from "../../cli/package-prairielearn.js";

const root = new URL("../../", import.meta.url).pathname;
const a0 = { name: "a0-example", title: "A0", release: join(root, "assignments/a0-example/release/a0-example.ipynb"), instructor: join(root, "assignments/a0-example/instructor/a0-example.ipynb"), outDir: "unused", force: false };

describe("minicloud grade's platform and late options", () => {
  const dir = mkdtempSync(join(tmpdir(), "minicloud-handed-in-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads a late policy, and says what to change when options do not fit together", () => {
    expect(readGradeExtras({ due: "2025-03-07T23:59:00Z", "late-penalty": "10%/day", format: "gradescope" })).toEqual({ format: "gradescope", late: { due: "2025-03-07T23:59:00Z", latePenalty: "10%/day" } });
    expect(readGradeExtras({ format: "json" })).toEqual({});
    expect((readGradeExtras({ "late-penalty": "10%/day" }) as Error).message).toMatch(/need --due/);
    expect((readGradeExtras({ due: "2025-03-07", "late-penalty": "10%/day" }) as Error).message).toMatch(/--due: "2025-03-07" is not an ISO-8601 time with a zone/);
    expect((readGradeExtras({ package: "prairielearn", due: "2025-03-07T23:59:00Z" }) as Error).message).toMatch(/PrairieLearn gives late credit itself/);
    expect((readGradeExtras({ platform: "gradescope", package: "gradescope" }) as Error).message).toMatch(/give one of them/);
    expect((readGradeExtras({ format: "canvas" }) as Error).message).toBe('--format must be json, gradescope, prairielearn, not "canvas".');
    // On Gradescope the assignment's due date may stand in for --due.
    expect(readGradeExtras({ package: "gradescope", "late-penalty": "2%/hour" })).toEqual({ package: "gradescope", late: { latePenalty: "2%/hour" } });
  });

  it("finds the notebook handed in: the one named like the assignment, else the only one, else says what to upload", () => {
    mkdirSync(join(dir, "one", ".ipynb_checkpoints"), { recursive: true });
    writeFileSync(join(dir, "one", "mine.ipynb"), "{}");
    writeFileSync(join(dir, "one", ".ipynb_checkpoints", "mine-checkpoint.ipynb"), "{}");
    expect(findHandedInNotebook(join(dir, "one"), "a1")).toBe(join(dir, "one", "mine.ipynb"));
    mkdirSync(join(dir, "two", "sub"), { recursive: true });
    writeFileSync(join(dir, "two", "notes.ipynb"), "{}");
    writeFileSync(join(dir, "two", "sub", "a1.ipynb"), "{}");
    expect(findHandedInNotebook(join(dir, "two"), "a1")).toBe(join(dir, "two", "sub", "a1.ipynb"));
    writeFileSync(join(dir, "two", "other.ipynb"), "{}");
    expect(findHandedInNotebook(join(dir, "two"), "a1")).toBe(join(dir, "two", "sub", "a1.ipynb"));
    expect((findHandedInNotebook(join(dir, "missing"), "a1") as Error).message).toBe("No notebook was handed in; upload your a1.ipynb.");
    writeFileSync(join(dir, "one", "second.ipynb"), "{}");
    expect((findHandedInNotebook(join(dir, "one"), "a1") as Error).message).toMatch(/^2 notebooks were handed in \(mine\.ipynb, second\.ipynb\); upload only a1\.ipynb\.$/);
  });

  it("packages for Gradescope with the scripts at the root, the options passed on, and no node_modules", () => {
    const files = packageFiles({ ...a0, platform: "gradescope", gradeArgs: ["--timeout", "30", "--late-penalty", "10%/day"], notebookTimeoutS: 150 });
    const paths = files.map((f) => f.path);
    expect(paths.slice(0, 2)).toEqual(["setup.sh", "run_autograder"]);
    expect(files.filter((f) => f.mode === 0o755).map((f) => f.path)).toEqual(expect.arrayContaining(["setup.sh", "run_autograder", "minicloud/bin/minicloud.js"]));
    expect(paths).toContain("assignment/instructor/a0-example.ipynb");
    expect(paths).toContain("minicloud/package-lock.json");
    expect(paths.some((p) => p.includes("node_modules") || p.startsWith("minicloud/dist/"))).toBe(false);
    expect(files[1]!.data.toString()).toContain("--platform gradescope --root \"$root\" --timeout 30 --late-penalty 10%/day");
  });

  it("packages for PrairieLearn with a stable question uuid, and refuses a time limit PrairieLearn would cut", () => {
    const files = packageFiles({ ...a0, platform: "prairielearn", gradeArgs: [], notebookTimeoutS: 300 });
    const info = JSON.parse(files.find((f) => f.path === "questions/a0-example/info.json")!.data.toString()) as { uuid: string; externalGradingOptions: { entrypoint: string; timeout: number } };
    expect(info.uuid).toBe(questionUuid("a0-example"));
    expect(info.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(questionUuid("a1-lambda")).not.toBe(info.uuid);
    expect(info.externalGradingOptions).toMatchObject({ entrypoint: "/grade/tests/run", timeout: 360 });
    expect(files.map((f) => f.path)).toContain("questions/a0-example/tests/assignment/instructor/a0-example.ipynb");
    expect(() => packageFiles({ ...a0, platform: "prairielearn", gradeArgs: [], notebookTimeoutS: 600 })).toThrow(/package with --timeout 108 or less/);
  });

  it("quotes words for the shell only when they need it", () => {
    expect(shellWords(["--due", "2025-03-07T23:59:00-05:00", "10% per day", "it's"])).toBe("--due 2025-03-07T23:59:00-05:00 '10% per day' 'it'\\''s'");
  });
});
