import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cleanStaleSessions } from "minicloud";
import { createProcessSandbox } from "../../../kernel-ext/grader/index.js";

/** Pids of the processes the process engine runs for a session (they carry it in their environment). */
function processesOf(sessionId: string): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(`MINICLOUD_SESSION=${sessionId}`);
      } catch {
        return false;
      }
    })
    .map(Number);
}

// What a submission's kernel does: start a session on the process engine and run a container in it.
const KERNEL = `
import { Cloud, ensureBaseImage } from "minicloud";
const cloud = await Cloud.start({ engine: "process" });
await ensureBaseImage(cloud.engine);
const c = await cloud.engine.createContainer({ image: "minicloud/node", command: ["node", "-e", "setInterval(() => {}, 1000)"] });
await cloud.engine.startContainer(c.id);
console.log(cloud.sessionId);
process.stdin.once("data", async () => { await cloud.shutdown(); process.exit(0); });
`;

describe("the process sandbox", { timeout: 60_000 }, () => {
  it("records its kernel's sessions where every other minicloud process looks, so their clean-up spares its containers", async () => {
    const sandbox = createProcessSandbox();
    const kernel = spawn(process.execPath, ["--input-type=module", "-e", KERNEL], { cwd: sandbox.workDir, env: sandbox.env, stdio: ["pipe", "pipe", "inherit"] });
    try {
      const sessionId = await new Promise<string>((resolve, reject) => {
        kernel.stdout!.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
        kernel.once("exit", (code) => reject(new Error(`the sandboxed kernel exited (${code}) before its container ran`)));
      });
      expect(processesOf(sessionId)).not.toEqual([]);
      // What any Cloud.start on the machine does first: it must see the sandboxed session as live.
      console.log("before", processesOf(sessionId), await cleanStaleSessions({ docker: false }), processesOf(sessionId));
      expect(processesOf(sessionId)).not.toEqual([]);
      kernel.stdin!.write("done\n");
      await new Promise((resolve) => kernel.once("exit", resolve));
      expect(processesOf(sessionId)).toEqual([]);
    } finally {
      kernel.kill();
      sandbox.dispose();
    }
  });
});
