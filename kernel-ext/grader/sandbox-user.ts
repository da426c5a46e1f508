// Who a submission's kernel runs as. A grader run as root (Gradescope runs its autograder as root, and
// PrairieLearn its grading container) must not run the student's code as root: that code could rewrite
// results.json, the other grades or the grader itself. So, as root, the process sandbox gives each kernel
// a user of its own — a uid and gid no account uses, no supplementary groups, no capabilities and no way
// back (no_new_privs: setuid programs run without their privileges) — taken by util-linux's setpriv after
// everything that needs root (control groups, namespaces) is set up. The kernel then owns only its own
// folders; everything else it can touch is what the machine lets any user touch, so the grader's own
// secrets and outputs are kept unreadable to "others" (see grade-batch.ts and grade-platform.ts).
import { randomInt } from "node:crypto";
import { chmodSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";

/** A user and group id. */
export interface SandboxUser {
  uid: number;
  gid: number;
}

/**
 * Where kernels' ids are drawn from: far above the accounts a system makes (`useradd` stops at 60000) and
 * the ranges container runtimes map (100000 + 65536 × n for a few n), below 2^31 for tools that read ids
 * as signed. A fresh id per kernel, drawn from 16 million: two kernels of a batch (almost surely) never share
 * files or may signal each other.
 */
const FIRST_ID = 2_000_000_000;
const IDS = 1 << 24;

/** True when this grader runs as root, so its kernels must run as a user of their own. */
export function mustDropRoot(): boolean {
  return process.getuid?.() === 0;
}

/** A fresh user for one kernel. */
export function newSandboxUser(): SandboxUser {
  const id = FIRST_ID + randomInt(IDS);
  return { uid: id, gid: id };
}

/** Words that run the command after them as `user`, with no groups, capabilities or way to regain them. */
export function dropRootPrefix(user: SandboxUser): string[] {
  return ["setpriv", `--reuid=${user.uid}`, `--regid=${user.gid}`, "--clear-groups", "--inh-caps=-all", "--no-new-privs", "--"];
}

/** Takes every permission of "others" off the grader's `path` when kernels run as other users: none of them can read or change what is in it. */
export function keepFromKernels(path: string): void {
  if (mustDropRoot()) chmodSync(path, statSync(path).mode & 0o7770);
}

/** True when any user may read `path` (and open every folder above it), going only by the "other" permission bits. */
export function openToOthers(path: string, need: "read" | "execute" = "read"): boolean {
  const bit = need === "read" ? 0o004 : 0o001;
  try {
    if ((statSync(path).mode & bit) === 0) return false;
    for (let dir = dirname(resolve(path)); ; dir = dirname(dir)) {
      if ((statSync(dir).mode & 0o001) === 0) return false;
      if (dir === dirname(dir)) return true;
    }
  } catch {
    return false;
  }
}

/**
 * Throws, saying what to change, when a kernel cannot run as another user: setpriv must be there, and the
 * kernel must execute Node, read the launcher and the packages, and pass through TMPDIR. Checked once, when the sandbox opens,
 * rather than failing every submission with a kernel that dies at once.
 */
export function checkCanDropRoot(setpriv: boolean, paths: { node: string; launcher: string; packages: string; tmp: string }): void {
  if (!setpriv) throw new Error("the grader runs as root, and runs each submission's kernel as an unprivileged user with util-linux's setpriv, which is not installed: install util-linux, or grade with --sandbox docker.");
  const problems = [
    ...(openToOthers(paths.node, "execute") ? [] : [`Node (${paths.node})`]),
    ...(openToOthers(paths.launcher) ? [] : [`the kernel launcher (${paths.launcher})`]),
    ...(openToOthers(paths.packages) && openToOthers(paths.packages, "execute") ? [] : [`the packages (${paths.packages})`]),
    // Its own folders, and its connection file, are made in TMPDIR: it must pass through it to reach them.
    ...(openToOthers(paths.tmp, "execute") ? [] : [`its folders in TMPDIR (${paths.tmp})`]),
  ];
  if (problems.length > 0) {
    throw new Error(
      `the grader runs as root, so each submission's kernel runs as an unprivileged user of its own, which cannot reach ${problems.join(", ")}: ` +
        `let every user read them (chmod o+rX, on the folders above them too), or grade with --sandbox docker.`,
    );
  }
}
