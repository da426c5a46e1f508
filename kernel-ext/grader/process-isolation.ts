// What the process sandbox can add on this machine, found once: resource limits with prlimit (util-linux),
// a kernel run as another user with setpriv (util-linux; needed when the grader is root);
// with unshare new PID and network namespaces — no network, and every process a submission starts dies
// with its kernel, even one that left the kernel's process group; and control groups (kernel-cgroup.ts).
// Any may be missing (another OS, user namespaces turned off, a read-only cgroup hierarchy); then the
// sandbox does without, and its warning says so.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createKernelCgroup } from "./kernel-cgroup.js";

/** How the process sandbox isolates kernels on this machine. */
export interface ProcessIsolation {
  /** Words that run a command in new namespaces (no network, its own PIDs), or [] when not possible. */
  namespaces: string[];
  /** True when the namespaces include a mount namespace in which the sandbox can hide files from the kernel (as root only; see hidePrefix). */
  hideFiles: boolean;
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
 * As root, a mount namespace too (mounts stay private to it): the sandbox covers the grader's secrets in
 * it (hidePrefix), and the kernel, run as an unprivileged user, cannot uncover them. Not as a user
 * namespace: its root could unmount what covers them.
 */
function namespacePrefix(mount: boolean): string[] {
  const asUser = process.getuid?.() === 0 ? [] : ["--user", "--map-root-user"];
  return ["unshare", ...asUser, "--pid", "--fork", "--kill-child", "--net", ...(mount ? ["--mount"] : []), "sh", "-c", 'ip link set lo up && exec "$@"', "sh"];
}

/**
 * Words that, in the kernel's mount namespace, cover each of `paths` that exists — a folder with an empty
 * tmpfs no one but root may open, a file with /dev/null — then exec the command after them. A mount that
 * fails stops the kernel before it starts: fail closed.
 */
export function hidePrefix(paths: readonly string[]): string[] {
  if (paths.length === 0) return [];
  const cover = 'if [ -d "$1" ]; then mount -t tmpfs -o size=4k,mode=000 tmpfs "$1" || exit 1; elif [ -e "$1" ]; then mount --bind /dev/null "$1" || exit 1; fi';
  return ["sh", "-c", `n=$1; shift; while [ "$n" -gt 0 ]; do ${cover}; shift; n=$((n - 1)); done; exec "$@"`, "sh", String(paths.length), ...paths];
}

/** True when a folder can be covered in a mount namespace of a kernel's own (a folder made for the probe). */
function canHide(): boolean {
  const probe = mkdtempSync(join(tmpdir(), "minicloud-hide-probe-"));
  try {
    return works([...namespacePrefix(true), ...hidePrefix([probe]), "true"]);
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

/** What this machine allows, probed on first use. */
export function processIsolation(): ProcessIsolation {
  if (found !== undefined) return found;
  const linux = process.platform === "linux";
  const hideFiles = linux && process.getuid?.() === 0 && canHide();
  const namespaces = hideFiles ? namespacePrefix(true) : linux && works([...namespacePrefix(false), "true"]) ? namespacePrefix(false) : [];
  // A group made and removed at once tells whether this machine lets the grader limit a kernel's processes.
  const probe = createKernelCgroup(`minicloud-grade-probe-${process.pid}`, { pids: 16, memoryMiB: 64, cpus: 1 });
  void probe?.remove();
  found = { namespaces, hideFiles, prlimit: works(["prlimit", "--version"]), setpriv: works(["setpriv", "--version"]), cgroups: probe?.controllers };
  return found;
}
