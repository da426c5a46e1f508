// One submission's kernel in a container of its own: no network, a read-only root filesystem but for its
// work folder and /tmp (memory-backed, sized), memory, CPU, process-count and file limits, every capability
// dropped. The project's code is mounted read-only at the same path as on the host; the kernel's Jupyter
// sockets are Unix sockets in a host folder mounted into the container, the one way in or out.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import type Docker from "dockerode";
import { packageRoot, SESSION_LABEL } from "minicloud";
import { ensureKernelSnapshot, kernelSnapshotArgs } from "../kernel-snapshot/kernel-snapshot.js";
import { newConnection, stderrTail, type KernelProcess } from "../runner/kernel-process.js";
import { heapLimitMiB, type SandboxLimits, type SharedRuntimes } from "./sandbox.js";

/** What a container kernel needs besides its limits. */
export interface ContainerKernelOptions {
  docker: Docker;
  image: string;
  /** The grading session: its label on the container lets `minicloud clean` find what a crashed grader left. */
  sessionId: string;
  name: string;
  limits: Required<SandboxLimits>;
  /** Mounted read-only, so that no kernel makes its own copy and none can change another's. */
  runtimes: SharedRuntimes;
}

/** The project folders a kernel needs, mounted read-only: never notebooks/ or assignments/, where instructor copies live. */
const PROJECT_PARTS = ["package.json", "dist", "src", "node_modules", "images"];

/** The kernel's working folder inside the container: under the project's path, so `minicloud` resolves as on the host. */
export function containerWorkDir(root: string = packageRoot()): string {
  return join(root, ".grading-work");
}

/** The user a kernel runs as: the grader's own, or nobody when the grader is root. */
function containerUser(): string {
  const uid = process.getuid?.() ?? 0;
  return uid === 0 ? "65534:65534" : `${uid}:${process.getgid?.() ?? uid}`;
}

function hostConfig(limits: Required<SandboxLimits>, ipcDir: string, root: string, shared: string): Docker.HostConfig {
  return {
    NetworkMode: "none",
    Memory: limits.memoryMiB * 1024 * 1024,
    MemorySwap: limits.memoryMiB * 1024 * 1024,
    NanoCpus: Math.round(limits.cpus * 1e9),
    PidsLimit: limits.pids,
    ReadonlyRootfs: true,
    Tmpfs: { [containerWorkDir(root)]: "rw,exec,nosuid,size=64m,mode=1777", "/tmp": "rw,exec,nosuid,size=256m,mode=1777" },
    Binds: [...[...PROJECT_PARTS.map((part) => join(root, part)), shared].map((path) => `${path}:${path}:ro`), `${ipcDir}:${ipcDir}:rw`],
    CapDrop: ["ALL"],
    SecurityOpt: ["no-new-privileges"],
    // A real init as PID 1: it passes the interrupt signal on to the kernel and reaps what the kernel starts.
    Init: true,
    // The same per-process limits as the process sandbox's prlimit, so a submission scores the same in both.
    Ulimits: [
      { Name: "data", Soft: limits.memoryMiB * 1024 * 1024, Hard: limits.memoryMiB * 1024 * 1024 },
      { Name: "nofile", Soft: 1024, Hard: 1024 },
      { Name: "fsize", Soft: limits.maxFileBytes, Hard: limits.maxFileBytes },
      { Name: "core", Soft: 0, Hard: 0 },
    ],
    // Nothing is kept on the host's disk: what the kernel prints is read as it comes (a flood must not fill a disk).
    LogConfig: { Type: "none", Config: {} },
  };
}

/** Starts a kernel in a new container; `kill()` removes the container and its folder. */
export async function startContainerKernel(options: ContainerKernelOptions): Promise<KernelProcess> {
  const { docker, limits } = options;
  const root = packageRoot();
  const dir = mkdtempSync(join(tmpdir(), "minicloud-grade-"));
  const ipcDir = join(dir, "ipc");
  mkdirSync(ipcDir);
  // The container's user creates its sockets here; the folder above stays the grader's alone.
  chmodSync(ipcDir, 0o777);
  const connection = await newConnection(ipcDir);
  const connectionFile = join(ipcDir, "connection.json");
  writeFileSync(connectionFile, JSON.stringify(connection), { mode: 0o644 });
  const nodeOptions = `--max-old-space-size=${heapLimitMiB(limits.memoryMiB)}`;
  // Every kernel of the batch starts from the same snapshot (dist/ is mounted): the first waits for it to be built.
  await ensureKernelSnapshot(nodeOptions);
  let container: Docker.Container | undefined;
  try {
    container = await docker.createContainer({
      name: options.name,
      Image: options.image,
      // Not WorkingDir: Docker makes a working folder that is a tmpfs root's own, and the kernel's user could not write it.
      Cmd: ["sh", "-c", 'cd "$0" && exec node "$@"', containerWorkDir(root), ...kernelSnapshotArgs(nodeOptions), join(root, "dist", "kernel-ext", "launcher.js"), connectionFile],
      Env: [`NODE_OPTIONS=${nodeOptions}`, ...Object.entries(options.runtimes.env).map(([k, v]) => `${k}=${v}`)],
      User: containerUser(),
      Labels: { [SESSION_LABEL]: options.sessionId, "minicloud.role": "grader-kernel" },
      AttachStdout: true,
      AttachStderr: true,
      HostConfig: hostConfig(limits, ipcDir, root, options.runtimes.folder),
    });
    let stderr = "";
    const stream = await container.attach({ stream: true, stdout: true, stderr: true });
    const tail = new Writable({ write: (chunk: Buffer, _encoding, done) => ((stderr = (stderr + chunk.toString("utf8")).slice(-4000)), done()) });
    const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
    docker.modem.demuxStream(stream, discard, tail);
    await container.start();
    // Asked once it has started: before, Docker answers at once that a created container is "not running".
    const ended = container.wait().then(
      async (result: { StatusCode: number }) => {
        const oom = await container!.inspect().then((i) => i.State.OOMKilled, () => false);
        return oom
          ? `the kernel was killed: its sandbox ran out of memory (${limits.memoryMiB} MiB)${stderrTail(stderr)}`
          : `the kernel exited (code ${result.StatusCode})${stderrTail(stderr)}`;
      },
      () => `the kernel's container is gone${stderrTail(stderr)}`,
    );
    const started = container;
    return {
      connection,
      exited: ended,
      interrupt: () => void started.kill({ signal: "SIGINT" }).catch(() => undefined),
      async kill() {
        await started.remove({ force: true }).catch(() => undefined);
        await ended;
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await container?.remove({ force: true }).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
