// A grading kernel's minicloud sessions must survive the clean-up every other minicloud process on the
// machine runs when it starts (Cloud.start): otherwise a check's containers die mid-run, at random, and
// right answers score zero. Whichever way the sandbox isolates its kernel — its own user or PID namespace,
// or the grader's user with the machine's shared session records — the clean-up must leave it alone.
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cleanStaleSessions } from "minicloud";
import { createKernelPool, createProcessSandbox } from "../../kernel-ext/grader/index.js";

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

describe("a session in a grading kernel", { timeout: 120_000 }, () => {
  it("survives another minicloud process's clean-up of dead sessions", async () => {
    // The kernel may run as another user (nobody, when the grader is root): a folder it may write to.
    const out = mkdtempSync(join(tmpdir(), "minicloud-sandbox-session-"));
    chmodSync(out, 0o777);
    const sandbox = createProcessSandbox();
    const pool = createKernelPool(sandbox, { ahead: 1, total: 1 });
    const { kernel, client } = await pool.acquire();
    const run = async (code: string): Promise<void> => {
      const { reply } = await client.request("execute_request", { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true });
      expect(reply.content).toMatchObject({ status: "ok" });
    };
    try {
      await run(`
import { Cloud, ensureBaseImage } from "minicloud";
import { writeFileSync } from "node:fs";
const cloud = await Cloud.start({ engine: "process" });
await ensureBaseImage(cloud.engine);
const c = await cloud.engine.createContainer({ image: "minicloud/node", command: ["node", "-e", "setInterval(() => {}, 1000)"] });
await cloud.engine.startContainer(c.id);
writeFileSync(${JSON.stringify(join(out, "session"))}, cloud.sessionId);`);
      const sessionId = readFileSync(join(out, "session"), "utf8");
      expect(processesOf(sessionId)).not.toEqual([]);
      await cleanStaleSessions({ docker: false });
      expect(processesOf(sessionId)).not.toEqual([]);
      await run("await cloud.shutdown();");
      expect(processesOf(sessionId)).toEqual([]);
    } finally {
      client.close();
      await kernel.kill();
      await pool.close();
      await sandbox.close();
      rmSync(out, { recursive: true, force: true });
    }
  });
});
