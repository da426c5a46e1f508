import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { packageRoot } from "minicloud";
import { executeWithNbconvert, notebookOf, type ExecutedNotebook } from "../support/notebooks.js";
import { jupyterForTests } from "../support/requirements.js";

const root = packageRoot();
const cli = join(root, "bin", "minicloud.js");
const work = mkdtempSync(join(root, "notebooks", ".runner-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs `minicloud run` with no Python on PATH; returns its exit code, stderr and the notebook it wrote. */
async function minicloudRun(notebook: string, ...flags: string[]): Promise<{ code: number; stderr: string; executed: ExecutedNotebook | undefined }> {
  const output = join(work, `out-${Math.random().toString(16).slice(2)}.ipynb`);
  // TMPDIR inside this test's folder: the kernel's connection files land there, so the test can tell its
  // own kernels from those of anything else running on the machine.
  const env = { ...process.env, PATH: "/nonexistent", TMPDIR: work };
  const result = await promisify(execFile)(process.execPath, [cli, "run", notebook, "--output", output, ...flags], { env, cwd: root }).then(
    (r) => ({ code: 0, stderr: r.stderr }),
    (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
  );
  let executed: ExecutedNotebook | undefined;
  try {
    executed = JSON.parse(readFileSync(output, "utf8")) as ExecutedNotebook;
  } catch {
    executed = undefined;
  }
  return { ...result, executed };
}

function write(name: string, sources: string[]): string {
  const path = join(work, name);
  writeFileSync(path, JSON.stringify(notebookOf(sources)));
  return path;
}

const deterministic = [
  'console.log("hello");\nconsole.error("careful");',
  "6 * 7",
  'import { display, html } from "minicloud";\nawait display(html("<b>bold</b>"));',
  "const xs = [1, 2, 3];\nxs.map((x) => x * 2)",
];

describe("minicloud run", () => {
  it("executes a notebook with no Python on PATH and records outputs and counts", async () => {
    const { code, executed, stderr } = await minicloudRun(write("plain.ipynb", deterministic));
    expect(code, stderr).toBe(0);
    const cells = executed!.cells;
    expect(cells.map((c) => c.execution_count)).toEqual([1, 2, 3, 4]);
    expect(cells[0]!.outputs).toEqual([
      { output_type: "stream", name: "stdout", text: ["hello\n"] },
      { output_type: "stream", name: "stderr", text: ["careful\n"] },
    ]);
    expect(cells[1]!.outputs).toEqual([{ output_type: "execute_result", execution_count: 2, data: { "text/plain": ["42"] }, metadata: {} }]);
    expect(cells[2]!.outputs).toEqual([{ output_type: "display_data", data: { "text/html": ["<b>bold</b>"], "text/plain": ["bold"] }, metadata: {} }]);
  });

  const jupyter = jupyterForTests();
  it.skipIf(jupyter.skip)(`writes the same outputs as jupyter nbconvert --execute ${jupyter.reason}`, async () => {
    const path = write("same.ipynb", [...deterministic, "throw new TypeError('on purpose')"]);
    const ours = (await minicloudRun(path, "--allow-errors")).executed!;
    const theirs = await executeWithNbconvert(jupyter.install!, relative(root, path), { allowErrors: true });
    const strip = (nb: ExecutedNotebook) => nb.cells.map((c) => ({ count: c.execution_count, outputs: c.outputs }));
    expect(strip(ours)).toEqual(strip(theirs));
  });

  it("stops at a failing cell with a non-zero exit, or goes on with --allow-errors", async () => {
    const path = write("fails.ipynb", ["1", "throw new Error('boom')", "console.log('after')"]);
    const stopped = await minicloudRun(path);
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toContain("cell 2 failed: Error: boom");
    expect(stopped.executed!.cells[2]!.execution_count).toBeNull();
    const going = await minicloudRun(path, "--allow-errors");
    expect(going.code).toBe(1);
    expect(going.executed!.cells[2]!.outputs).toEqual([{ output_type: "stream", name: "stdout", text: ["after\n"] }]);
  });

  it("interrupts a cell that runs past --timeout and does not run the next", async () => {
    const path = write("slow.ipynb", ["1", "await new Promise(() => {});", "console.log('never')"]);
    // Long enough that the first cell (which also compiles) never hits it on a busy machine.
    const result = await minicloudRun(path, "--timeout", "8");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("cell 2 ran longer than 8 s");
    expect(result.executed!.cells[1]!.outputs!.at(-1)).toMatchObject({ output_type: "error", ename: "CellTimeoutError" });
    expect(result.executed!.cells[2]!.outputs).toEqual([]);
  });

  it("reports a kernel that dies mid-run in the cell, exits non-zero, and leaves no kernel behind", async () => {
    const path = write("dies.ipynb", ["1", "process.exit(3)", "2"]);
    const result = await minicloudRun(path);
    expect(result.code).toBe(1);
    expect(result.executed!.cells[1]!.outputs!.at(-1)).toMatchObject({ output_type: "error", ename: "DeadKernelError" });
    const { stdout } = await promisify(execFile)("sh", ["-c", `ps -eo args | grep -c "[k]ernel-ext/launcher.js.*${work}/minicloud-kernel-" || true`]);
    expect(stdout.trim()).toBe("0");
  });

  it("refuses a file that is not a notebook, naming it", async () => {
    const notJson = join(work, "broken.ipynb");
    writeFileSync(notJson, "{ not json");
    const broken = await minicloudRun(notJson);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`${notJson}: not a notebook — it is not valid JSON`);
    const old = join(work, "old.ipynb");
    writeFileSync(old, JSON.stringify({ nbformat: 3, worksheets: [] }));
    expect((await minicloudRun(old)).stderr).toContain(`${old}: not an nbformat 4 notebook`);
  });
});
