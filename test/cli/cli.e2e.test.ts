import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { packageRoot } from "minicloud";

const run = promisify(execFile);
const cli = join(packageRoot(), "bin", "minicloud.js");

describe("the minicloud command", () => {
  it("doctor --json reports every check with a status, and a fix for anything not ok", async () => {
    const { stdout } = await run(process.execPath, [cli, "doctor", "--json"]).catch((e: { stdout: string }) => e);
    const report = JSON.parse(stdout) as { checks: { name: string; status: string; fix?: string }[]; autoEngine: string };
    expect(report.checks.map((c) => c.name)).toEqual(["Node.js", "tslab", "Jupyter", "nbconvert", "kernelspec", "Docker"]);
    for (const check of report.checks) {
      expect(["ok", "warn", "fail"]).toContain(check.status);
      if (check.status !== "ok") expect(check.fix).toBeTruthy();
    }
  });

  it("kernel install is idempotent and prints where the kernelspec is", async () => {
    await run(process.execPath, [cli, "kernel", "install"]);
    const { stdout } = await run(process.execPath, [cli, "kernel", "install"]);
    expect(stdout).toContain(`already installed in ${join(packageRoot(), ".jupyter", "kernels", "minicloud")}`);
  });

  it("answers an unknown command with usage and exit code 2, not a stack trace", async () => {
    const error = (await run(process.execPath, [cli, "frobnicate"]).catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(error.code).toBe(2);
    expect(error.stderr).toContain('Unknown command "frobnicate"');
    expect(error.stderr).not.toMatch(/\n\s+at /);
  });

  it("rejects a bad --port with the field and the valid range", async () => {
    const error = (await run(process.execPath, [cli, "start", "--port", "99999"]).catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(error.code).toBe(2);
    expect(error.stderr).toContain("--port must be a TCP port number (1-65535)");
  });
});
