import { describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { promisify } from "node:util";
import { packageRoot } from "minicloud";
import { allNotebooks, chartsWithoutFallbacks, errorOutputs, executeWithNbconvert, notebookOf, startersThatPass, type ExecutedNotebook } from "../support/notebooks.js";
import { jupyterForTests } from "../support/requirements.js";

const jupyter = jupyterForTests();
const notebooks = allNotebooks();

describe.skipIf(jupyter.skip)(`every notebook executes through jupyter nbconvert ${jupyter.reason}`, () => {
  it("finds the course notebooks", () => {
    expect(notebooks).toContain("notebooks/00-welcome.ipynb");
  });

  // The default engine (Docker in CI), and the embedded process engine a laptop without Docker uses.
  const runs = notebooks.flatMap((notebook) => [
    [notebook, "auto"],
    [notebook, "process"],
  ]);
  it.each(runs)("%s runs top to bottom with no error output (engine: %s)", async (notebook, engine) => {
    const executed = await executeWithNbconvert(jupyter.install!, notebook!, { env: { MINICLOUD_ENGINE: engine! } });
    expect(errorOutputs(executed)).toEqual([]);
    expect(chartsWithoutFallbacks(executed)).toEqual([]);
    expect(startersThatPass(executed)).toEqual([]);
    const counts = executed.cells.filter((c) => c.cell_type === "code").map((c) => c.execution_count);
    expect(counts).toEqual(counts.map((_, i) => i + 1));
  });

  it.each(notebooks)("%s gives the same outputs through minicloud run (no Python) as through nbconvert", async (notebook) => {
    const env = { MINICLOUD_ENGINE: "process" };
    const output = join(mkdtempSync(join(tmpdir(), "minicloud-run-")), "out.ipynb");
    await promisify(execFile)(process.execPath, [join(packageRoot(), "bin", "minicloud.js"), "run", notebook, "--output", output], {
      cwd: packageRoot(),
      env: { ...process.env, ...env, PATH: "/nonexistent" },
    });
    const ours = JSON.parse(readFileSync(output, "utf8")) as ExecutedNotebook;
    rmSync(dirname(output), { recursive: true, force: true });
    const theirs = await executeWithNbconvert(jupyter.install!, notebook, { env });
    // Measurements, ids and times differ from run to run; the shape of every output must not.
    const shape = (nb: ExecutedNotebook) =>
      nb.cells.map((c) => ({
        count: c.execution_count,
        outputs: (c.outputs ?? []).map((o) => [o.output_type, o.name ?? "", Object.keys(o.data ?? {}).sort().join(","), o.ename ?? ""]),
      }));
    expect(shape(ours)).toEqual(shape(theirs));
  });

  it("shows a failing cell as a Jupyter error naming the learner's line, and a value as the cell's result", async () => {
    const dir = mkdtempSync(join(packageRoot(), "notebooks", ".e2e-"));
    try {
      writeFileSync(
        join(dir, "errors.ipynb"),
        JSON.stringify(notebookOf(["const limit = 3;\nfunction take(n: number) {\n  if (n > limit) throw new RangeError(`only ${limit} allowed`);\n  return n;\n}", "take(2)", "take(5)"])),
      );
      const executed = await executeWithNbconvert(jupyter.install!, relative(packageRoot(), join(dir, "errors.ipynb")), { allowErrors: true });
      const [, value, failing] = executed.cells;
      expect(value!.outputs).toEqual([{ output_type: "execute_result", execution_count: 2, data: { "text/plain": ["2"] }, metadata: {} }]);
      const error = failing!.outputs![0]!;
      expect(error).toMatchObject({ output_type: "error", ename: "RangeError", evalue: "only 3 allowed" });
      expect((error as { traceback: string[] }).traceback.join("\n")).toContain("at cell [3] line 1: take(5)");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
