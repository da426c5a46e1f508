import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { packageRoot } from "minicloud";
import { installKernelspec, jupyterEnv } from "../../kernel-ext/index.js";
import { jupyterForTests, requirement } from "../support/requirements.js";
import { execFileSync } from "node:child_process";

const jupyter = jupyterForTests();
const hasKernelTest = (() => {
  if (!jupyter.install) return false;
  try {
    execFileSync(jupyter.install.python, ["-c", "import jupyter_kernel_test"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
const suite = jupyter.skip ? jupyter : requirement("jupyter_kernel_test", hasKernelTest, "sudo apt-get install python3-jupyter-kernel-test");

describe.skipIf(suite.skip)(`the Jupyter kernel conformance suite ${suite.reason}`, () => {
  it("passes every test jupyter_kernel_test has, none skipped", async () => {
    const root = packageRoot();
    installKernelspec(root);
    const result = await promisify(execFile)(jupyter.install!.python, [join(root, "test", "support", "kernel_conformance.py"), "-v"], {
      cwd: root,
      env: jupyterEnv(root),
    }).catch((e: { stdout: string; stderr: string }) => e);
    const report = result.stderr;
    expect(report, report).toMatch(/\nOK\s*$/);
    expect(report).toMatch(/Ran 12 tests/);
    expect(report).not.toMatch(/skipped/);
  });
});
