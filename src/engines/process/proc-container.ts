import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../../core/package-root.js";
import type { LogBuffer } from "../log-buffer.js";
import type { ContainerSpec, ContainerState, ExitStatus, ImageInfo } from "../types.js";
import type { PortProxy } from "./port-proxy.js";

const SHIM = join(packageRoot(), "src", "engines", "process", "network-shim.cjs");

/** A container of the process engine: its settings, its files, and the child process that runs it. */
export interface ProcContainer {
  state: ContainerState;
  spec: ContainerSpec;
  image: ImageInfo;
  dir: string;
  rootfs: string;
  address: string;
  hostsFile: string;
  logs: LogBuffer;
  proxies: PortProxy[];
  child: ChildProcess | undefined;
  /** The number /proc knows the program by (see procPidOf); undefined before it starts or when it ended at once. */
  procPid: number | undefined;
  exited: Promise<ExitStatus>;
  resolveExit: (status: ExitStatus) => void;
  oomKilled: boolean;
  memoryWatch: NodeJS.Timeout | undefined;
  cpuSample: { at: number; cpuMs: number } | undefined;
  paused: boolean;
  /** The peak resident memory seen so far, kept for after the processes are gone. */
  peakBytes: number;
  /** When the whole process tree's peak was last read (the main process's is read on every call). */
  peakTreeAt: number;
}

/** The environment a container's program runs with: the image's and the container's variables, and what stands in for a namespace. */
export function containerEnvironment(c: ProcContainer, sessionId: string, isNode: boolean): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
    ...c.image.config.env,
    ...c.spec.env,
    HOSTNAME: c.state.id.slice(0, 12),
    HOME: join(c.rootfs, "root"),
    TMPDIR: join(c.rootfs, "tmp"),
    MINICLOUD_SESSION: sessionId,
    MINICLOUD_CONTAINER_IP: c.address,
    MINICLOUD_HOSTS_FILE: c.hostsFile,
  };
  // The image's PATH names the image's folders; the programs the process engine runs are the host's.
  env["PATH"] = `${env["PATH"]}:${process.env["PATH"] ?? ""}`;
  // With no chroot, a path inside the container (LAMBDA_TASK_ROOT=/var/task) is a path in its files; so is
  // each entry of a list of them (NODE_PATH=/var/runtime/node_modules:/var/task).
  const inContainer = (path: string): boolean => path.startsWith("/") && path !== "/" && existsSync(join(c.rootfs, path));
  for (const [key, value] of Object.entries(env)) {
    if (key === "PATH" || !value) continue;
    const paths = value.split(":");
    if (paths.every((p) => p.startsWith("/")) && paths.some(inContainer)) env[key] = paths.map((p) => (p === "/" ? p : join(c.rootfs, p))).join(":");
  }
  if (isNode) env["NODE_OPTIONS"] = `--require=${SHIM} ${c.spec.env?.["NODE_OPTIONS"] ?? ""}`.trim();
  return env;
}
