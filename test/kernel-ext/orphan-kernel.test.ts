// A kernel whose parent dies without stopping it (a killed Jupyter server, runner or grader) must not run
// on for ever, holding memory and its minicloud session: it leaves once its parent is gone.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { desiredKernelspec } from "../../kernel-ext/kernelspec.js";
import { newConnection } from "../../kernel-ext/runner/kernel-process.js";

/** Running, not gone and not a zombie waiting for whichever process adopted it to reap it. */
const alive = (pid: number): boolean => {
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
};

describe("a kernel whose parent dies", { timeout: 60_000 }, () => {
  it("exits by itself", async () => {
    const dir = mkdtempSync(join(tmpdir(), "minicloud-orphan-"));
    const file = join(dir, "connection.json");
    writeFileSync(file, JSON.stringify(await newConnection()), { mode: 0o600 });
    const [command, ...args] = desiredKernelspec().argv.map((a) => (a === "{connection_file}" ? file : a));
    const quoted = [command!, ...args].map((a) => `'${a}'`).join(" ");
    // The shell starts the kernel, waits long enough for it to be serving, then ends without stopping it.
    const pid = Number(execFileSync("/bin/sh", ["-c", `${quoted} >/dev/null 2>&1 & echo $!; sleep 4`], { encoding: "utf8" }).trim());
    try {
      expect(alive(pid)).toBe(true);
      const deadline = Date.now() + 10_000;
      while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(alive(pid)).toBe(false);
    } finally {
      if (alive(pid)) process.kill(pid, "SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
