import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { buildNotebook, packageRoot, parseCourseSource, serializeNotebook } from "minicloud";
import { CODE_STUB } from "../../src/notebook/solution-regions.js";
import { jupyterForTests } from "../support/requirements.js";

const jupyter = jupyterForTests();
const root = packageRoot();

describe.skipIf(jupyter.skip)(`releases and instructor copies, as nbformat and nbgrader see them ${jupyter.reason}`, () => {
  it("validate against nbformat's schema and nbgrader's v3 metadata schema, with nbgrader's checksums and clearing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "minicloud-nbgrader-"));
    try {
      // The committed assignments, and every construct of the fixture.
      const fixture = await parseCourseSource(readFileSync(join(root, "test", "notebook", "fixtures", "every-construct.md"), "utf8"), "every-construct.md");
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "release.ipynb"), serializeNotebook(buildNotebook(fixture)));
      writeFileSync(join(dir, "instructor.ipynb"), serializeNotebook(buildNotebook(fixture, { copy: "instructor" })));
      const pairs = [
        ...["a0-example", "a1-lambda", "a2-ecs", "a3-capstone"].flatMap((name) => [join(root, "assignments", name, "release", `${name}.ipynb`), join(root, "assignments", name, "instructor", `${name}.ipynb`)]),
        join(dir, "release.ipynb"),
        join(dir, "instructor.ipynb"),
      ];
      const script = join(root, "test", "support", "nbgrader-compat.py");
      const schema = join(root, "test", "fixtures", "nbgrader-v3.schema.json");
      const { stdout } = await promisify(execFile)(jupyter.install!.python, [script, schema, CODE_STUB, ...pairs]);
      expect(stdout.trim()).toBe("compatible");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("fails the check when a release's metadata is tampered with (the checker can fail)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "minicloud-nbgrader-"));
    try {
      const release = JSON.parse(readFileSync(join(root, "assignments", "a0-example", "release", "a0-example.ipynb"), "utf8"));
      const check = release.cells.find((c: { id: string }) => c.id === "a0-bill-check");
      check.metadata.nbgrader.points = 4;
      writeFileSync(join(dir, "release.ipynb"), JSON.stringify(release));
      const script = join(root, "test", "support", "nbgrader-compat.py");
      const schema = join(root, "test", "fixtures", "nbgrader-v3.schema.json");
      const run = promisify(execFile)(jupyter.install!.python, [script, schema, CODE_STUB, join(dir, "release.ipynb"), join(root, "assignments", "a0-example", "instructor", "a0-example.ipynb")]);
      await expect(run).rejects.toThrow(/a0-bill-check: checksum/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
