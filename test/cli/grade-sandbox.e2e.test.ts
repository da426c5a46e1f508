import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { packageRoot } from "minicloud";
import { dockerRequirement } from "../support/requirements.js";

const root = packageRoot();
const cli = join(root, "bin", "minicloud.js");
const release = join(root, "assignments/a1-lambda/release/a1-lambda.ipynb");
const full = join(root, "test/fixtures/grading/a1/full.ipynb");
const out = mkdtempSync(join(tmpdir(), "minicloud-graded-cli-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Runs `minicloud grade` on the full-marks fixture; answers its exit code, stderr and the grade it wrote. */
async function grade(flags: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stderr: string; grade?: { points: number; sandbox: string } }> {
  const dir = mkdtempSync(join(out, "run-"));
  const result = await promisify(execFile)(process.execPath, [cli, "grade", release, full, "--out", dir, "--timeout", "30", ...flags], { env }).then(
    (r) => ({ code: 0, stderr: r.stderr }),
    (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
  );
  try {
    return { ...result, grade: JSON.parse(readFileSync(join(dir, "full.json"), "utf8")) as { points: number; sandbox: string } };
  } catch {
    return result;
  }
}

const docker = await dockerRequirement();

describe("minicloud grade --sandbox", () => {
  it.skipIf(docker.skip)(`grades in a container by default when a Docker engine answers, and says so${docker.reason ? ` (${docker.reason})` : ""}`, async () => {
    const { code, stderr, grade: written } = await grade([]);
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/sandbox: docker \(a Docker engine answered/);
    expect(stderr).not.toContain("warning:");
    expect(written).toMatchObject({ points: 14, sandbox: "docker" });
  });

  it("falls back to the process sandbox when no engine answers, and warns that it is weaker", async () => {
    const { code, stderr, grade: written } = await grade([], { ...process.env, DOCKER_HOST: "unix:///nonexistent/docker.sock" });
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/sandbox: process \(no Docker engine answered at unix:\/\/\/nonexistent\/docker\.sock/);
    expect(stderr).toMatch(/warning: process sandbox \(weaker than --sandbox docker\)/);
    expect(written).toMatchObject({ points: 14, sandbox: "process" });
  });

  it("refuses --sandbox docker when no engine answers, and says what to do", async () => {
    const { code, stderr } = await grade(["--sandbox", "docker"], { ...process.env, DOCKER_HOST: "unix:///nonexistent/docker.sock" });
    expect(code).toBe(1);
    expect(stderr).toMatch(/--sandbox docker: no Docker engine answered .*Start Docker \(or set DOCKER_HOST\), or grade with --sandbox process/);
  });

  it("refuses a sandbox it does not know, naming the ones it does", async () => {
    const { code, stderr } = await grade(["--sandbox", "vm"]);
    expect(code).toBe(2);
    expect(stderr).toContain('--sandbox must be auto, docker or process, not "vm"');
  });
});
