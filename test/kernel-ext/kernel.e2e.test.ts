import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "minicloud";
import { installKernelspec, jupyterEnv } from "../../kernel-ext/index.js";
import { jupyterForTests } from "../support/requirements.js";

const jupyter = jupyterForTests();

type Request = { execute: string } | { complete: string };
type Result = { status: string; streams: { name: string; text: string }[] } | { matches: string[] };

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
    expect(typeError).toMatchObject({ status: "error" });
    expect(JSON.stringify(typeError)).toContain("is not assignable to type 'number'");
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
