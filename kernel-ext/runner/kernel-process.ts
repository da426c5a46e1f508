import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kernelSnapshotArgs } from "../kernel-snapshot/kernel-snapshot.js";
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

/** A running minicloud kernel the runner can drive, wherever it runs (a child process, a container). */
export interface KernelProcess {
  connection: ConnectionInfo;
  /** Resolves with a description when the kernel ends, whoever ended it. */
  exited: Promise<string>;
  /** Interrupts the running cell, as Jupyter does with `interrupt_mode: "signal"`. */
  interrupt(): void;
  /** Stops the kernel and everything it started, and removes what was made for it. */
  kill(): Promise<void>;
}

/**
 * A fresh connection for a kernel: TCP on free loopback ports, or (given a folder) Unix sockets in that
 * folder, which a kernel inside a container without a network reaches through a mount.
 */
export async function newConnection(ipcDir?: string): Promise<ConnectionInfo> {
  const ports = ipcDir === undefined ? await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]) : [1, 2, 3, 4, 5];
  return {
    transport: ipcDir === undefined ? "tcp" : "ipc",
    ip: ipcDir === undefined ? "127.0.0.1" : join(ipcDir, "kernel"),
    key: randomBytes(16).toString("hex"),
    signature_scheme: "hmac-sha256",
    shell_port: ports[0]!,
    iopub_port: ports[1]!,
    stdin_port: ports[2]!,
    control_port: ports[3]!,
    hb_port: ports[4]!,
  };
}

/** What a kernel's stderr says about why it ended: V8's fatal error if it died of one, else its last lines. */
export function stderrTail(stderr: string): string {
  const lines = stderr.trim().split("\n").filter((l) => l.trim() !== "");
  // V8 prints its reason for dying, then a native stack trace: the reason is the line worth showing.
  const fatal = lines.find((l) => l.includes("FATAL ERROR:"));
  const shown = fatal !== undefined ? [fatal.trim()] : lines.slice(-3);
  return shown.length > 0 ? `: ${shown.join(" | ")}` : "";
}

/** How to start a kernel process. */
export interface KernelProcessOptions {
  /** The kernel's environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Words put before the kernel's command (e.g. `prlimit ... --`): a program that then execs the kernel. */
  commandPrefix?: readonly string[];
  /** Talk to the kernel over Unix sockets in this folder rather than TCP (a kernel without a network). */
  ipcDir?: string;
  /** The user the prefix makes the kernel run as, when not this process's: it must read its connection file. */
  owner?: { uid: number; gid: number };
}

/**
 * Starts a fresh minicloud kernel in `cwd`, as Jupyter would: the kernelspec's command and a connection
 * file. It runs in a process group of its own; interrupts go to the group, as Jupyter sends them.
 */
export async function startKernelProcess(cwd: string, options: KernelProcessOptions = {}): Promise<KernelProcess> {
  const connection = await newConnection(options.ipcDir);
  const dir = mkdtempSync(join(tmpdir(), "minicloud-kernel-"));
  const file = join(dir, "connection.json");
  writeFileSync(file, JSON.stringify(connection), { mode: 0o600 });
  // Still readable by no one else: the key in it lets whoever reads it run code in the kernel.
  if (options.owner !== undefined) for (const path of [dir, file]) chownSync(path, options.owner.uid, options.owner.gid);
  const env = options.env ?? process.env;
  const [node, ...kernelArgs] = desiredKernelspec().argv.map((a) => (a === "{connection_file}" ? file : a));
  const [command, ...args] = [...(options.commandPrefix ?? []), node!, ...kernelSnapshotArgs(env["NODE_OPTIONS"]), ...kernelArgs];
  // Its own process group, so that nothing it starts outlives a kill.
  const child = spawn(command!, args, { cwd, env, stdio: ["ignore", "ignore", "pipe"], detached: true });
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr = (stderr + d).slice(-4000)));
  const exited = new Promise<string>((resolve) =>
    child.once("exit", (code, signal) => {
      rmSync(dir, { recursive: true, force: true });
      resolve(`the kernel exited (${signal ?? `code ${code}`})${stderrTail(stderr)}`);
    }),
  );
  const signalGroup = (signal: NodeJS.Signals): void => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid!, signal);
    } catch {
      child.kill(signal);
    }
  };
  return {
    connection,
    exited,
    interrupt: () => signalGroup("SIGINT"),
    async kill() {
      signalGroup("SIGKILL");
      await exited;
    },
  };
}
