import { execFile, spawn } from "node:child_process";
import { join } from "node:path";
import { packageRoot } from "minicloud";
import { spawnAs, type LocalUser } from "./local-users.js";

/**
 * Starts a session in another process (as `user` when given), runs a long container in it, then kills
 * that process with SIGKILL, so nothing of minicloud's own clean-up runs: what is left is what
 * `minicloud clean` is for.
 */
export async function abandonSession(engine: "process" | "docker", user?: LocalUser): Promise<{ sessionId: string; containerId: string }> {
  const script = `
    const m = await import(${JSON.stringify(join(packageRoot(), "dist", "src", "index.js"))});
    const cloud = await m.Cloud.start({ engine: ${JSON.stringify(engine)} });
    await m.ensureBaseImage(cloud.engine);
    const c = await cloud.engine.createContainer({ image: "minicloud/node", command: ["node", "-e", "setInterval(() => {}, 1000)"] });
    await cloud.engine.startContainer(c.id);
    console.log(JSON.stringify({ sessionId: cloud.sessionId, containerId: c.id }));
    setInterval(() => {}, 1000);
  `;
  const args = ["--input-type=module", "-e", script];
  const stdio = ["ignore", "pipe", "inherit"] as ["ignore", "pipe", "inherit"];
  const child = user ? spawnAs(user, process.execPath, args, { stdio }) : spawn(process.execPath, args, { stdio });
  const line = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("\n")) resolve(out.trim());
    });
    child.once("exit", (code) => reject(new Error(`session process exited ${code} before starting its container`)));
  });
  child.kill("SIGKILL");
  await new Promise((r) => child.once("exit", r));
  return JSON.parse(line) as { sessionId: string; containerId: string };
}

/** The pids (as text, one a line) of the processes of a session; empty when there are none. */
export function processesOfSession(sessionId: string): Promise<string> {
  return new Promise((resolve) =>
    execFile("sh", ["-c", `grep -l "MINICLOUD_SESSION=${sessionId}" /proc/[0-9]*/environ 2>/dev/null || true`], (_, stdout) => resolve(stdout.trim())),
  );
}
