import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { desiredKernelspec } from "../kernelspec.js";
import type { ConnectionInfo } from "../wire.js";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/** A minicloud kernel started by the runner, without Jupyter: a child process and its connection. */
export interface KernelProcess {
  connection: ConnectionInfo;
  child: ChildProcess;
  /** Resolves with a description when the kernel process ends, whoever ended it. */
  exited: Promise<string>;
  /** Kills the kernel's process (and everything in its process group) and removes its connection file. */
  kill(): Promise<void>;
}

/**
 * Starts a fresh minicloud kernel in `cwd`, as Jupyter would: the kernelspec's command and a connection
 * file. `commandPrefix` (e.g. `prlimit ... --`) runs the kernel under another program that then execs it.
 */
export async function startKernelProcess(cwd: string, env: NodeJS.ProcessEnv = process.env, commandPrefix: readonly string[] = []): Promise<KernelProcess> {
  const ports = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  const connection: ConnectionInfo = {
    transport: "tcp",
    ip: "127.0.0.1",
    key: randomBytes(16).toString("hex"),
    signature_scheme: "hmac-sha256",
    shell_port: ports[0]!,
    iopub_port: ports[1]!,
    stdin_port: ports[2]!,
    control_port: ports[3]!,
    hb_port: ports[4]!,
  };
  const dir = mkdtempSync(join(tmpdir(), "minicloud-kernel-"));
  const file = join(dir, "connection.json");
  writeFileSync(file, JSON.stringify(connection), { mode: 0o600 });
  const [command, ...args] = [...commandPrefix, ...desiredKernelspec().argv.map((a) => (a === "{connection_file}" ? file : a))];
  // Its own process group, so that nothing it starts outlives a kill.
  const child = spawn(command!, args, { cwd, env, stdio: ["ignore", "ignore", "pipe"], detached: true });
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr = (stderr + d).slice(-4000)));
  const exited = new Promise<string>((resolve) =>
    child.once("exit", (code, signal) => {
      rmSync(dir, { recursive: true, force: true });
      resolve(`the kernel exited (${signal ?? `code ${code}`})${stderr.trim() ? `: ${stderr.trim().split("\n").slice(-3).join(" | ")}` : ""}`);
    }),
  );
  return {
    connection,
    child,
    exited,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          child.kill("SIGKILL");
        }
      }
      await exited;
    },
  };
}
