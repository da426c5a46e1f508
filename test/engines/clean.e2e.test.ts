import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Cloud, cleanStaleSessions, packageRoot } from "minicloud";
import { dockerRequirement } from "../support/requirements.js";

const docker = await dockerRequirement();

/**
 * Starts a session in another process, runs a long container in it, then kills that process with
 * SIGKILL, so nothing of minicloud's own clean-up runs: what is left is what `minicloud clean` is for.
 */
async function abandonSession(engine: "process" | "docker"): Promise<{ sessionId: string; containerId: string }> {
  const script = `
    const m = await import(${JSON.stringify(join(packageRoot(), "dist", "src", "index.js"))});
    const cloud = await m.Cloud.start({ engine: ${JSON.stringify(engine)} });
    await m.ensureBaseImage(cloud.engine);
    const c = await cloud.engine.createContainer({ image: "minicloud/node", command: ["node", "-e", "setInterval(() => {}, 1000)"] });
    await cloud.engine.startContainer(c.id);
    console.log(JSON.stringify({ sessionId: cloud.sessionId, containerId: c.id }));
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  const line = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("\n")) resolve(out.trim());
    });
    child.once("exit", (code) => reject(new Error(`session process exited ${code} before starting its container`)));
  });
  child.kill("SIGKILL");
  await new Promise((r) => child.once("exit", r));
  return JSON.parse(line) as { sessionId: string; containerId: string };
}

function processesOf(sessionId: string): Promise<string> {
  return new Promise((resolve) =>
    execFile("sh", ["-c", `grep -l "MINICLOUD_SESSION=${sessionId}" /proc/[0-9]*/environ 2>/dev/null || true`], (_, stdout) => resolve(stdout.trim())),
  );
}

describe("minicloud clean", () => {
  it("removes the processes and folder a dead process-engine session left, and nothing of a live one", async () => {
    const live = await Cloud.start({ engine: "process" });
    const keep = await live.engine.createContainer({ image: "minicloud/node", command: ["node", "-e", "setInterval(() => {}, 1000)"] });
    await live.engine.startContainer(keep.id);
    const { sessionId } = await abandonSession("process");
    expect(await processesOf(sessionId)).not.toBe("");
    expect(existsSync(join(tmpdir(), `minicloud-${sessionId}`))).toBe(true);
    // Any Cloud.start in a test running alongside also cleans dead sessions: what matters is the result.
    await cleanStaleSessions();
    expect(await processesOf(sessionId)).toBe("");
    expect(existsSync(join(tmpdir(), `minicloud-${sessionId}`))).toBe(false);
    expect((await live.engine.inspectContainer(keep.id)).status).toBe("running");
    expect(await processesOf(live.sessionId)).not.toBe("");
    await live.shutdown();
  });

  it.skipIf(docker.skip)(`removes the containers a dead docker session left ${docker.reason}`, async () => {
    const { sessionId, containerId } = await abandonSession("docker");
    await cleanStaleSessions();
    const { default: Docker } = await import("dockerode");
    const left = await new Docker().listContainers({ all: true, filters: { label: [`minicloud.session=${sessionId}`] } });
    expect(left.map((c) => c.Id)).not.toContain(containerId);
    expect(left).toEqual([]);
  });
});
