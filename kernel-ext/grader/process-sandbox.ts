// The process sandbox: each submission's kernel is a child process with its own temp HOME and work
// folder, a clean environment, a heap limit, and — where this machine allows — control groups (a process
// count limit, memory and CPU limits on all its processes together), prlimit's limits (memory per process,
// file size, open files, no core dumps) and new PID and network namespaces (no network; every process it
// starts dies with it). The runner adds an output cap and wall-clock limits. A grader run as root runs
// each kernel as an unprivileged user of its own (sandbox-user.ts), which owns only the kernel's folders.
//
// What it does NOT prevent — say so wherever it is used: run as an ordinary user, the kernel runs as the
// grader's user, so a submission can read any file that user can (the instructor copy included) and write
// where that user can; run as root, it can still read what every user may read. Without namespaces it can
// use the network; without control groups it can start any number of processes. Use the Docker sandbox
// for untrusted classes.
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { packageRoot, sessionsDir } from "minicloud";
import { desiredKernelspec } from "../kernelspec.js";
import { ensureKernelSnapshot } from "../kernel-snapshot/kernel-snapshot.js";
import { startKernelProcess } from "../runner/kernel-process.js";
import { createKernelCgroup, type KernelCgroup } from "./kernel-cgroup.js";
import { hidePrefix, processIsolation } from "./process-isolation.js";
import { DEFAULT_LIMITS, heapLimitMiB, sharedRuntimes, sharedRuntimesForOthers, type Sandbox, type SandboxLimits, type SharedRuntimes } from "./sandbox.js";
import { checkCanDropRoot, dropRootPrefix, mustDropRoot, newSandboxUser } from "./sandbox-user.js";

/**
 * The environment of a sandboxed kernel: nothing of the grader's but PATH, the machine's folder of session
 * records and the batch's shared runtimes. Checks run on minicloud's process engine, as in the Docker sandbox.
 */
function sandboxEnv(paths: { home: string; tmp: string }, memoryMiB: number, path: string, runtimes: SharedRuntimes): NodeJS.ProcessEnv {
  return {
    ...runtimes.env,
    PATH: path,
    HOME: paths.home,
    TMPDIR: paths.tmp,
    MINICLOUD_HOME: join(paths.home, ".minicloud"),
    MINICLOUD_ENGINE: "process",
    // Sessions are recorded in one folder for the whole machine, found through TMPDIR by default: with the
    // sandbox's own TMPDIR, every other minicloud process of the grader's user would take this kernel's
    // containers for a dead session's and kill them (and this kernel theirs). Records hold the host's
    // process ids, so this holds in a PID namespace too.
    MINICLOUD_SESSIONS_DIR: sessionsDir(),
    NODE_OPTIONS: `--max-old-space-size=${heapLimitMiB(memoryMiB)}`,
    LANG: "C.UTF-8",
  };
}

/** What the process sandbox holds and leaves open on this machine, for the warning the grader prints when it is used. */
function warningText(found: { namespaces: boolean; prlimit: boolean; cgroups: string[] | undefined; asOwnUser: boolean }): string {
  const limits = [
    "a heap limit",
    ...(found.cgroups ? [`a process-count limit${found.cgroups.length > 1 ? ` and ${found.cgroups.slice(1).join(" and ")} limits` : ""} on all its processes`] : []),
    ...(found.prlimit ? ["memory, file-size and open-file limits per process"] : []),
  ];
  const lacks = [
    ...(found.namespaces ? [] : ["it can use the network and processes it starts in the background can outlive it (unshare is not permitted here)"]),
    ...(found.cgroups ? [] : ["it can start any number of processes (no control group the grader may write)"]),
  ];
  return (
    `process sandbox (weaker than --sandbox docker): each kernel gets its own temp HOME, ${limits.join(", ")}, an output cap and time limits` +
    `${found.namespaces ? ", no network, and every process it starts dies with it" : ""}` +
    (found.asOwnUser
      ? "; as the grader runs as root, it runs as an unprivileged user of its own, so a submission can read what every user may read (keep the instructor copy unreadable to others)"
      : "; it runs as your user, so a submission can read your files (the instructor copy too)") +
    `${lacks.length > 0 ? `, and ${lacks.join("; ")}` : ""}. Grade untrusted work with --sandbox docker.`
  );
}

/**
 * A process sandbox: `startKernel` makes a fresh folder and kernel (and control groups, where allowed) for
 * each submission. `hide` names the grader's files and folders (the instructor copy, the grades) that a
 * kernel must not see: as root, where a mount namespace can be made, each kernel sees them empty.
 */
export function createProcessSandbox(limits: SandboxLimits = {}, hide: readonly string[] = []): Sandbox {
  const all = { ...DEFAULT_LIMITS, ...limits };
  const isolation = processIsolation();
  const dropRoot = mustDropRoot();
  if (dropRoot) checkCanDropRoot(isolation.setpriv, { node: process.execPath, launcher: desiredKernelspec().argv[1]!, packages: join(packageRoot(), "node_modules"), tmp: tmpdir() });
  const runtimes = dropRoot ? sharedRuntimesForOthers() : sharedRuntimes();
  const prlimit = isolation.prlimit
    ? ["prlimit", `--data=${all.memoryMiB * 1024 * 1024}`, `--fsize=${all.maxFileBytes}`, "--core=0", "--nofile=1024", "--"]
    : [];
  return {
    kind: "process",
    killEndsAll: isolation.namespaces.length > 0 || isolation.cgroups !== undefined,
    warning: warningText({ namespaces: isolation.namespaces.length > 0, prlimit: isolation.prlimit, cgroups: isolation.cgroups, asOwnUser: dropRoot }),
    async startKernel() {
      const root = mkdtempSync(join(tmpdir(), "minicloud-grade-"));
      const paths = { work: join(root, "work"), home: join(root, "home"), tmp: join(root, "tmp"), ipc: join(root, "ipc") };
      const user = dropRoot ? newSandboxUser() : undefined;
      for (const dir of Object.values(paths)) {
        mkdirSync(dir, { mode: 0o700 });
        if (user !== undefined) chownSync(dir, user.uid, user.gid);
      }
      // Its user passes through the root folder to its own, and sees nothing else in it.
      if (user !== undefined) chmodSync(root, 0o711);
      // tslab resolves `import ... from "minicloud"` from the kernel's folder: a link to the project's packages.
      symlinkSync(join(packageRoot(), "node_modules"), join(paths.work, "node_modules"), "dir");
      let cgroup: KernelCgroup | undefined;
      const removeAll = async (): Promise<void> => {
        await cgroup?.remove();
        rmSync(root, { recursive: true, force: true });
      };
      try {
        cgroup = isolation.cgroups === undefined ? undefined : createKernelCgroup(basename(root), all);
        const env = sandboxEnv(paths, all.memoryMiB, process.env["PATH"] ?? "/usr/bin:/bin", runtimes);
        // Every kernel of the batch starts from the same snapshot: the first to start waits for it to be built.
        await ensureKernelSnapshot(env["NODE_OPTIONS"]);
        const kernel = await startKernelProcess(paths.work, {
          env,
          // Root's part first (control groups, namespaces, limits), then the drop to the kernel's user, right before the kernel.
          commandPrefix: [...(cgroup?.prefix ?? []), ...isolation.namespaces, ...(isolation.hideFiles ? hidePrefix(hide) : []), ...prlimit, ...(user !== undefined ? dropRootPrefix(user) : [])],
          ...(user !== undefined ? { owner: user } : {}),
          // In a network namespace of its own the kernel has no route to the grader: Unix sockets it is.
          ...(isolation.namespaces.length > 0 ? { ipcDir: paths.ipc } : {}),
        });
        return {
          ...kernel,
          async kill() {
            await kernel.kill();
            await removeAll();
          },
        };
      } catch (error) {
        await removeAll();
        throw error;
      }
    },
    close: async () => runtimes.remove(),
  };
}
