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
  // A module of the notebook's own, compiled beside the cell that imports it, and what it imports in turn.
  'require("node:fs").writeFileSync("snapshot-helper.ts", `import { VERSION } from "minicloud";\\nexport const twice = (n: number): number => n * 2;\\nexport const version: string = VERSION;\\n`);',
  'import { twice, version } from "./snapshot-helper";\ntwice(21) + version.length * 0',
  'const doubled = "declared again";\ndoubled.toUpperCase()',
  "declare global {\n  var fromCell: number;\n}\nglobalThis.fromCell = twice(2);\nfromCell",
  // How many inotify watches the kernel holds.
  'const fs = require("node:fs");\nfs.readdirSync("/proc/self/fdinfo").map((fd: string) => { try { return (fs.readFileSync(`/proc/self/fdinfo/${fd}`, "utf8").match(/inotify wd/g) ?? []).length; } catch { return 0; } }).reduce((a: number, b: number) => a + b, 0)',
];
const STARTED = 1;
const HEAP_LIMIT = "--max-old-space-size=900";
const WATCHES = cells.length - 1;

async function run(nodeOptions: string): Promise<Notebook["cells"]> {
  const result = await executeNotebook(notebookOf(cells) as Notebook, work, { allowErrors: true, env: { ...process.env, NODE_OPTIONS: nodeOptions } });
  return result.notebook.cells;
}

describe("the kernel's startup snapshot", () => {
  it("starts kernels that compile and run every cell exactly as a kernel started without it", async () => {
    expect(await ensureKernelSnapshot(HEAP_LIMIT)).toBe(true);
    expect(kernelSnapshotArgs(HEAP_LIMIT)).toContain("--snapshot-blob");
    const fromSnapshot = await run(HEAP_LIMIT);
    // Any other Node.js option keeps a kernel off the snapshot (it would run inside the snapshot's builder too).
    expect(kernelSnapshotArgs(`${HEAP_LIMIT} --no-deprecation`)).toEqual([]);
    const without = await run(`${HEAP_LIMIT} --no-deprecation`);

    const started = (outputs: Notebook["cells"]): unknown => JSON.stringify(outputs[STARTED]!.outputs);
    expect(started(fromSnapshot)).toContain("true");
    expect(started(without)).toContain("false");
    // TypeScript watches the folders a failed import looked in, every folder below them too; from the snapshot, none.
    const watches = (outputs: Notebook["cells"]): number => Number(/"text\/plain":\["?(\d+)/.exec(JSON.stringify(outputs[WATCHES]!.outputs))?.[1]);
    expect(watches(fromSnapshot)).toBeLessThan(100);
    expect(watches(without)).toBeGreaterThan(watches(fromSnapshot));
    const rest = (outputs: Notebook["cells"]): unknown[] => outputs.filter((_, i) => i !== STARTED && i !== WATCHES).map((c) => c.outputs);
    expect(rest(fromSnapshot)).toEqual(rest(without));
    // Not equal by both failing: the type errors are there, and the values are.
    const text = JSON.stringify(rest(fromSnapshot));
    expect(text).toContain("Type 'string' is not assignable to type 'number'");
    expect(text).toContain("Type 'number' is not assignable to type 'string'");
    expect(text).toContain("[ 2, 4, 6 ]");
    expect(text).toContain('"42"');
    expect(text).toContain("DECLARED AGAIN");
  }, 120_000);

  it("keeps going after a module that an import did not find is written where it looked", async () => {
    expect(await ensureKernelSnapshot(HEAP_LIMIT)).toBe(true);
    const result = await executeNotebook(
      notebookOf([
        'require("node:fs").rmSync("later-helper.ts", { force: true });',
        'import { later } from "./later-helper";\nlater',
        'require("node:fs").writeFileSync("later-helper.ts", "export const later: number = 42;\\n");\nawait new Promise((resolve) => setTimeout(resolve, 500));',
        "[1, 2].length",
      ]) as Notebook,
      work,
      { allowErrors: true, timeoutS: 30, env: { ...process.env, NODE_OPTIONS: HEAP_LIMIT } },
    );
    // A kernel started without the snapshot throws "Unexpected pending rebuildTimer" at the last cell, and never ends it.
    expect(JSON.stringify(result.notebook.cells[1]!.outputs)).toContain("Cannot find module './later-helper'");
    expect(JSON.stringify(result.notebook.cells[3]!.outputs)).toContain('"2"');
  }, 120_000);
});
