// The process sandbox: a submission's kernel runs as a child process with its own temp HOME and work
// folder, a V8 heap limit, resource limits from prlimit when the machine has it (open files, file size,
// no core dumps), a clean environment, and (in the runner) an output cap and wall-clock limits.
//
// What it does NOT prevent — say so wherever it is used: the kernel runs as the grader's user, so a
// submission can read any file that user can (the instructor copy included), open network connections,
// start processes, and use CPU until the wall clock stops it. Use the Docker sandbox for untrusted classes.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageRoot, sessionsDir } from "minicloud";

/** Where and how one submission's kernel runs. */
export interface Sandbox {
  kind: "process";
  /** The kernel's working folder (it holds only a link to the project's node_modules). */
  workDir: string;
  env: NodeJS.ProcessEnv;
  commandPrefix: string[];
  /** Removes the sandbox's folders. */
  dispose(): void;
}

/** Limits of a sandbox. */
export interface SandboxLimits {
  /** The V8 heap limit of the kernel, in MiB (default 512). */
  memoryMiB?: number;
  /** Largest file the kernel may write, in bytes (default 64 MiB). */
  maxFileBytes?: number;
}

let prlimitPath: string | null | undefined;

/** The prlimit program, if this machine has one (util-linux). */
function findPrlimit(): string | null {
  if (prlimitPath !== undefined) return prlimitPath;
  try {
    execFileSync("prlimit", ["--version"], { stdio: "ignore" });
    prlimitPath = "prlimit";
  } catch {
    prlimitPath = null;
  }
  return prlimitPath;
}

/** Makes a fresh process sandbox for one submission. */
export function createProcessSandbox(limits: SandboxLimits = {}): Sandbox {
  const root = mkdtempSync(join(tmpdir(), "minicloud-grade-"));
  const workDir = join(root, "work");
  const home = join(root, "home");
  const tmp = join(root, "tmp");
  for (const dir of [workDir, home, tmp]) mkdirSync(dir);
  // tslab resolves `import ... from "minicloud"` from the kernel's folder: a link to the project's packages.
  symlinkSync(join(packageRoot(), "node_modules"), join(workDir, "node_modules"), "dir");
  const env: NodeJS.ProcessEnv = {
    PATH: process.env["PATH"] ?? "/usr/bin:/bin",
    HOME: home,
    TMPDIR: tmp,
    MINICLOUD_HOME: join(home, ".minicloud"),
    // Sessions are recorded in one folder for the whole machine, found through TMPDIR by default: with
    // the sandbox's own TMPDIR, every other minicloud process would take this kernel's containers for a
    // dead session's and kill them (and this kernel theirs).
    MINICLOUD_SESSIONS_DIR: sessionsDir(),
    NODE_OPTIONS: `--max-old-space-size=${limits.memoryMiB ?? 512}`,
    LANG: "C.UTF-8",
  };
  const prlimit = findPrlimit();
  const commandPrefix = prlimit === null ? [] : [prlimit, `--fsize=${limits.maxFileBytes ?? 64 * 1024 * 1024}`, "--core=0", "--nofile=1024", "--"];
  return { kind: "process", workDir, env, commandPrefix, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

/** What the process sandbox leaves open, for the warning the grader prints when it is used. */
export const PROCESS_SANDBOX_WARNING =
  "process sandbox: each kernel gets its own temp HOME, a heap limit, file-size and open-file limits, an output cap and time limits, " +
  "but it runs as your user: a submission can read your files, use the network and start programs. Grade untrusted work with --sandbox docker.";
