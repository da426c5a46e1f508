// What the process sandbox can add on this machine, found once: resource limits with prlimit (util-linux),
// a kernel run as another user with setpriv (util-linux; needed when the grader is root);
// with unshare new PID and network namespaces — no network, and every process a submission starts dies
// with its kernel, even one that left the kernel's process group; and control groups (kernel-cgroup.ts).
// Any may be missing (another OS, user namespaces turned off, a read-only cgroup hierarchy); then the
// sandbox does without, and its warning says so.
import { execFileSync } from "node:child_process";
import { createKernelCgroup } from "./kernel-cgroup.js";

/** How the process sandbox isolates kernels on this machine. */
export interface ProcessIsolation {
  /** Words that run a command in new namespaces (no network, its own PIDs), or [] when not possible. */
  namespaces: string[];
  /** True when prlimit is there to set resource limits. */
  prlimit: boolean;
  /** True when setpriv is there to run a kernel as another user (see sandbox-user.ts). */
  setpriv: boolean;
  /** The controllers of the control groups the grader can make (`pids` first), or undefined when it cannot limit the process count. */
  cgroups: string[] | undefined;
}

let found: ProcessIsolation | undefined;

function works(command: string[]): boolean {
  try {
    execFileSync(command[0]!, command.slice(1), { stdio: "ignore", timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * The namespace prefix to try: new PID and network namespaces, as a user namespace when not root. The
 * loopback interface of a new network namespace starts down: the kernel's Lambda runtimes need it up.
 */
function namespacePrefix(): string[] {
  const asUser = process.getuid?.() === 0 ? [] : ["--user", "--map-root-user"];
  return ["unshare", ...asUser, "--pid", "--fork", "--kill-child", "--net", "sh", "-c", 'ip link set lo up && exec "$@"', "sh"];
}

/** What this machine allows, probed on first use. */
export function processIsolation(): ProcessIsolation {
  if (found !== undefined) return found;
  const namespaces = process.platform === "linux" && works([...namespacePrefix(), "true"]) ? namespacePrefix() : [];
  // A group made and removed at once tells whether this machine lets the grader limit a kernel's processes.
  const probe = createKernelCgroup(`minicloud-grade-probe-${process.pid}`, { pids: 16, memoryMiB: 64, cpus: 1 });
  void probe?.remove();
  found = { namespaces, prlimit: works(["prlimit", "--version"]), setpriv: works(["setpriv", "--version"]), cgroups: probe?.controllers };
  return found;
}
