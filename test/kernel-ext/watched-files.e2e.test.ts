// A kernel keeps running cells when files its TypeScript program reads are touched on disk meanwhile:
// minicloud hard-links its node_modules into a runtime folder the first time a function starts, which
// changes those files' inodes (not their contents) while the notebook's kernel watches them.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { packageRoot } from "minicloud";
import { notebookOf, type ExecutedNotebook } from "../support/notebooks.js";

const root = packageRoot();
const work = mkdtempSync(join(root, "notebooks", ".watched-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("a kernel whose type files are hard-linked mid-session", () => {
  it("runs the next cells", async () => {
    // The manifest of a package the program's types come from (minicloud's ECS types), linked and unlinked again.
    const watched = join(root, "node_modules", "@aws-sdk", "client-ecs", "package.json");
    const notebook = join(work, "linked.ipynb");
    writeFileSync(
      notebook,
      JSON.stringify(
        notebookOf([
          'import { VERSION } from "minicloud";\nimport { linkSync, unlinkSync } from "node:fs";\ntypeof VERSION',
          `linkSync(${JSON.stringify(watched)}, ${JSON.stringify(join(work, "link.json"))});\nunlinkSync(${JSON.stringify(join(work, "link.json"))});\nawait new Promise((resolve) => setTimeout(resolve, 1000));`,
          "6 * 7",
          "[1, 2].length",
        ]),
      ),
    );
    const output = join(work, "out.ipynb");
    const run = await promisify(execFile)(process.execPath, [join(root, "bin", "minicloud.js"), "run", notebook, "--output", output, "--timeout", "30"], { cwd: root }).then(
      () => ({ code: 0, stderr: "" }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
    );
    expect(run.code, run.stderr).toBe(0);
    const cells = (JSON.parse(readFileSync(output, "utf8")) as ExecutedNotebook).cells;
    expect(cells.map((c) => c.outputs?.map((o) => o.data?.["text/plain"]))).toEqual([[["'string'"]], [], [["42"]], [["2"]]]);
  });
});
