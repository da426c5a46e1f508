import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { packageRoot } from "minicloud";
import { ensureKernelSnapshot, kernelSnapshotArgs } from "../../kernel-ext/kernel-snapshot/kernel-snapshot.js";
import { executeNotebook } from "../../kernel-ext/runner/run-notebook.js";
import type { Notebook } from "../../kernel-ext/runner/nbformat-io.js";
import { notebookOf } from "../support/notebooks.js";

const work = mkdtempSync(join(packageRoot(), "notebooks", ".snapshot-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// What a kernel compiles against, each way it can go: minicloud's types, TypeScript's lib, @types/node,
// a type error, a value, and the declarations one cell leaves for the next.
const cells = [
  'import { VERSION, type Cloud } from "minicloud";\nimport { readFileSync } from "node:fs";\ntypeof readFileSync',
  "const started: boolean = process.execArgv.includes(\"--snapshot-blob\");\nstarted",
  'const n: number = "seven";',
  "let cloud: Cloud | undefined;\nconst doubled = [1, 2, 3].map((x) => x * 2);\ndoubled",
  'cloud?.lambda.createFunction({ FunctionName: 42 });',
  "new Map([[VERSION.length > 0, doubled.at(-1)]])",
];

async function run(nodeOptions: string): Promise<Notebook["cells"]> {
  const result = await executeNotebook(notebookOf(cells) as Notebook, work, { allowErrors: true, env: { ...process.env, NODE_OPTIONS: nodeOptions } });
  return result.notebook.cells;
}

describe("the kernel's startup snapshot", () => {
  it("starts kernels that compile and run every cell exactly as a kernel started without it", async () => {
    const heapLimit = "--max-old-space-size=900";
    expect(await ensureKernelSnapshot(heapLimit)).toBe(true);
    expect(kernelSnapshotArgs(heapLimit)).toContain("--snapshot-blob");
    const fromSnapshot = await run(heapLimit);
    // Any other Node.js option keeps a kernel off the snapshot (it would run inside the snapshot's builder too).
    expect(kernelSnapshotArgs(`${heapLimit} --no-deprecation`)).toEqual([]);
    const without = await run(`${heapLimit} --no-deprecation`);

    const started = (outputs: Notebook["cells"]): unknown => JSON.stringify(outputs[1]!.outputs);
    expect(started(fromSnapshot)).toContain("true");
    expect(started(without)).toContain("false");
    const rest = (outputs: Notebook["cells"]): unknown[] => outputs.filter((_, i) => i !== 1).map((c) => c.outputs);
    expect(rest(fromSnapshot)).toEqual(rest(without));
    // Not equal by both failing: the type errors are there, and the values are.
    const text = JSON.stringify(rest(fromSnapshot));
    expect(text).toContain("Type 'string' is not assignable to type 'number'");
    expect(text).toContain("Type 'number' is not assignable to type 'string'");
    expect(text).toContain("[ 2, 4, 6 ]");
  }, 120_000);
});
