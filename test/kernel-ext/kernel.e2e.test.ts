import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "minicloud";
import { installKernelspec, jupyterEnv } from "../../kernel-ext/index.js";
import { jupyterForTests } from "../support/requirements.js";

const jupyter = jupyterForTests();

type Request = { execute: string } | { complete: string };
type Result =
  | {
      status: string;
      execution_count: number;
      streams: { name: string; text: string }[];
      error?: { ename: string; evalue: string; traceback: string[] };
      result?: Record<string, unknown>;
    }
  | { matches: string[] };

/** Runs requests in a fresh minicloud kernel started in `cwd`, through jupyter_client. */
function kernelSession(cwd: string, requests: Request[]): Result[] {
  const root = packageRoot();
  installKernelspec(root);
  const out = execFileSync(jupyter.install!.python, [join(root, "test", "support", "kernel-session.py")], {
    cwd,
    env: jupyterEnv(root),
    input: JSON.stringify(requests),
    encoding: "utf8",
  });
  return JSON.parse(out) as Result[];
}

describe.skipIf(jupyter.skip)(`the minicloud kernel ${jupyter.reason}`, () => {
  it("imports minicloud by name with its types: completion offers Cloud's members, type errors are caught", () => {
    const [imported, completion, typeError] = kernelSession(join(packageRoot(), "notebooks"), [
      { execute: 'import { Cloud, VERSION } from "minicloud";\nconsole.log(VERSION);' },
      { complete: "Cloud.st" },
      { execute: "const n: number = Cloud.start;" },
    ]);
    expect(imported).toMatchObject({ status: "ok", streams: [{ name: "stdout", text: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) }] });
    expect((completion as { matches: string[] }).matches).toContain("start");
    expect(typeError).toMatchObject({
      status: "error",
      streams: [],
      error: { ename: "CompileError", evalue: "line 1, column 7: Type '(options?: CloudOptions) => Promise<Cloud>' is not assignable to type 'number'." },
    });
  });

  it("sends errors as Jupyter errors that point at the learner's cell and line, values as results, counts in order", () => {
    const [defined, thrown, value, text, rich] = kernelSession(join(packageRoot(), "notebooks"), [
      { execute: "function check(n: number): void {\n  if (n > 3) throw new RangeError(`${n} is too many`);\n}" },
      { execute: "check(1);\ncheck(7);" },
      { execute: "6 * 7" },
      { execute: '"a" + "b"' },
      { execute: 'import { Cloud } from "minicloud";\nawait Cloud.start({ engine: "simulated" })' },
    ]) as Extract<Result, { status: string }>[];
    expect(defined).toMatchObject({ status: "ok", execution_count: 1 });
    expect(thrown!.status).toBe("error");
    expect(thrown!.error).toMatchObject({ ename: "RangeError", evalue: "7 is too many" });
    const traceback = thrown!.error!.traceback.join("\n");
    expect(traceback).toContain("at cell [2] line 2: check(7);");
    expect(traceback).toContain("in an earlier cell");
    expect(value).toMatchObject({ status: "ok", execution_count: 3, result: { "text/plain": "42" } });
    expect(text!.result).toEqual({ "text/plain": "'ab'" });
    expect(Object.keys(rich!.result!).sort()).toEqual(["text/html", "text/plain"]);
  });

  it("finds minicloud from a notebook in a nested project folder", () => {
    const nested = mkdtempSync(join(packageRoot(), "notebooks", ".nested-"));
    try {
      const [result] = kernelSession(nested, [{ execute: 'import { VERSION } from "minicloud";\nconsole.log(typeof VERSION);' }]);
      expect(result).toMatchObject({ status: "ok", streams: [{ text: "string\n" }] });
    } finally {
      rmSync(nested, { recursive: true, force: true });
    }
  });
});
