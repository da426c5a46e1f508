// What the grader asks of a sandbox: a fresh kernel for each submission, each in a sandbox of its own,
// with limits. Two implementations: process-sandbox.ts (a child process, everywhere) and docker-sandbox.ts
// (a container per submission, where a Docker engine answers).
import { chmodSync, cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { bundledSdkFolder, PREPARED_RUNTIMES_ENV } from "minicloud";
import type { KernelProcess } from "../runner/kernel-process.js";

/** The sandboxes `minicloud grade` can run submissions in. */
export type SandboxKind = "process" | "docker";

/** Limits of each submission's sandbox. */
export interface SandboxLimits {
  /** Memory of the whole sandbox, in MiB (default 1024); the kernel's JavaScript heap gets half of it. */
  memoryMiB?: number;
  /** Cores the sandbox may use (default 1; Docker only). */
  cpus?: number;
  /** Most processes the sandbox may hold at once (default 256; Docker only). */
  pids?: number;
  /** Largest file a process may write, in bytes (default 64 MiB). */
  maxFileBytes?: number;
}

/** Where submissions' kernels run: `startKernel` gives a fresh kernel, never used before, in a sandbox of its own. */
export interface Sandbox {
  readonly kind: SandboxKind;
  /** What the sandbox does not prevent, for the warning printed when it is used; undefined when nothing needs saying. */
  readonly warning?: string;
  /** True when a kernel's `kill()` ends every process it started (a container, a PID namespace, a control group): no need to ask it to shut down first. */
  readonly killEndsAll: boolean;
  /** Starts a kernel in a new sandbox; its `kill()` stops everything in it and removes the sandbox. */
  startKernel(): Promise<KernelProcess>;
  /** Lets go of what the sandbox holds for the whole batch; call after every kernel was killed. */
  close(): Promise<void>;
}

/** Defaults of the limits. */
export const DEFAULT_LIMITS: Required<SandboxLimits> = { memoryMiB: 1024, cpus: 1, pids: 256, maxFileBytes: 64 * 1024 * 1024 };

/** The kernel's JavaScript heap limit: half the sandbox, so a heap that grows without end stops with V8's own clear error first. */
export function heapLimitMiB(memoryMiB: number): number {
  return Math.max(128, Math.floor(memoryMiB / 2));
}

/** What every kernel of a batch shares, read-only: the Lambda runtime's bundled SDK, made once by the grader. */
export interface SharedRuntimes {
  /** The folder to share (Docker mounts it read-only at the same path). */
  folder: string;
  /** The kernel's environment variable that points minicloud at it. */
  env: Record<string, string>;
  /** Removes what was made for this batch only (nothing when the grader's own copy is shared). */
  remove(): void;
}

/**
 * Makes the bundled SDK once, in the grader's own minicloud home, for every kernel of the batch: a kernel
 * starts with a fresh home, and would otherwise copy it (13 MB) when its first check creates a function.
 */
export function sharedRuntimes(): SharedRuntimes {
  const folder = dirname(bundledSdkFolder());
  return { folder, env: { [PREPARED_RUNTIMES_ENV]: dirname(folder) }, remove: () => undefined };
}

/**
 * The same, for kernels that run as another user than the grader (root dropping to an unprivileged user):
 * the grader's home is usually closed to them, so the batch gets a copy in a folder every user may read
 * and only root may write. Without it each kernel would quietly make its own copy again.
 */
export function sharedRuntimesForOthers(): SharedRuntimes {
  const own = sharedRuntimes();
  const parent = mkdtempSync(join(tmpdir(), "minicloud-runtimes-"));
  chmodSync(parent, 0o755);
  const folder = join(parent, basename(own.folder));
  cpSync(own.folder, folder, { recursive: true });
  return { folder, env: { [PREPARED_RUNTIMES_ENV]: parent }, remove: () => rmSync(parent, { recursive: true, force: true }) };
}
