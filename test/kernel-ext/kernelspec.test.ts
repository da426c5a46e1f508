import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { installKernelspec, isKernelspecCurrent, jupyterEnv, KERNEL_DISPLAY_NAME, readKernelspec } from "../../kernel-ext/index.js";

const roots: string[] = [];
function tempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), "minicloud-kernelspec-"));
  roots.push(root);
  return root;
}
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe("kernelspec", () => {
  it("writes a project-local kernelspec that runs this Node on the project's launcher", () => {
    const root = tempRoot();
    const result = installKernelspec(root);
    expect(result).toEqual({ dir: join(root, ".jupyter", "kernels", "minicloud"), changed: true });
    const spec = readKernelspec(root);
    expect(spec?.display_name).toBe(KERNEL_DISPLAY_NAME);
    expect(spec?.argv).toEqual([process.execPath, join(root, "dist", "kernel-ext", "launcher.js"), "{connection_file}"]);
    expect(isKernelspecCurrent(root)).toBe(true);
  });

  it("is idempotent: a second install changes nothing", () => {
    const root = tempRoot();
    installKernelspec(root);
    const before = readFileSync(join(root, ".jupyter", "kernels", "minicloud", "kernel.json"), "utf8");
    expect(installKernelspec(root).changed).toBe(false);
    expect(readFileSync(join(root, ".jupyter", "kernels", "minicloud", "kernel.json"), "utf8")).toBe(before);
  });

  it("reports a missing kernelspec as not current", () => {
    expect(isKernelspecCurrent(tempRoot())).toBe(false);
  });

  it("puts the project's Jupyter folder first on JUPYTER_PATH and keeps the rest", () => {
    expect(jupyterEnv("/p", { JUPYTER_PATH: "/other" })["JUPYTER_PATH"]).toBe("/p/.jupyter:/other");
    expect(jupyterEnv("/p", {})["JUPYTER_PATH"]).toBe("/p/.jupyter");
  });
});
