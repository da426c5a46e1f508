// What the process sandbox can add on this machine, found once: resource limits with prlimit (util-linux),
// and with unshare new PID and network namespaces — no network, and every process a submission starts
// dies with its kernel, even one that left the kernel's process group. Either may be missing (another OS,
// user namespaces turned off); then the sandbox does without, and its warning says so.
import { execFileSync } from "node:child_process";

/** How the process sandbox isolates kernels on this machine. */
export interface ProcessIsolation {
  /** Words that run a command in new namespaces (no network, its own PIDs), or [] when not possible. */
  namespaces: string[];
  /** True when prlimit is there to set resource limits. */
  prlimit: boolean;
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
  found = { namespaces, prlimit: works(["prlimit", "--version"]) };
  return found;
}
