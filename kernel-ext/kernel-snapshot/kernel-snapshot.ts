// The kernel's startup snapshot (builder.cjs): tslab's TypeScript loaded and the declaration files parsed,
// so a kernel started from it is ready in a fraction of the time and CPU. Used where kernels are started by
// the dozen (the headless runner and the grader), one snapshot per Node.js, tslab and heap limit, built
// once in the background or before a batch. Without one, kernels start as Jupyter starts them: the same
// kernel, only slower.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { packageRoot } from "minicloud";

const BUILDER = join(packageRoot(), "kernel-ext", "kernel-snapshot", "builder.cjs");
/** What the snapshot's builder runs: a change to either makes another snapshot. */
const BUILDER_SOURCES = [BUILDER, join(packageRoot(), "kernel-ext", "kernel-snapshot", "typescript-for-tslab.cjs")];

/**
 * V8 flags of every kernel started from the snapshot, and of its build (a snapshot starts only with the
 * flags it was built with). A runner's or grader's kernel lives for seconds, which V8's defaults do not
 * expect (CPU of a kernel grading an a1 submission, median of 8, 2 at a time):
 * - its TurboFan threads optimized TypeScript's compiler for code that did not run long enough to pay it
 *   back: 1.2 s of the kernel's 2.8 s. Ten times V8's interrupt budget (67,584 bytes of bytecode run)
 *   tiers up only code that stays hot: 1.95 s, and a learner's long loop is still optimized, about 15%
 *   later than by default (turning TurboFan off made it 8 times slower);
 * - the snapshot's heap starts at about 105 MB, mostly parsed declarations, which every full garbage collection
 *   marks again: letting the old generation grow to 256 MB before the first one took the kernel from
 *   2.1 s to 1.8 s, its memory at the end unchanged (about 285 MB). V8 keeps it under a smaller heap limit.
 */
const V8_FLAGS = ["--interrupt-budget=675840", "--initial-old-space-size=256"];

/**
 * A snapshot only starts a Node.js run with the V8 flags it was built with, so it is built for the
 * kernel's NODE_OPTIONS. Those may hold a heap limit and nothing else: other options (a `--require`)
 * would run inside the builder too. Undefined when the kernel cannot use a snapshot.
 */
function snapshotFlags(nodeOptions: string | undefined): string | undefined {
  const flags = (nodeOptions ?? "").trim().split(/\s+/).filter(Boolean);
  return flags.every((flag) => /^--max-old-space-size=\d+$/.test(flag)) ? flags.join(" ") : undefined;
}

const files = new Map<string, string | undefined>();

/** The snapshot file for these flags: named after everything it was built from, so a changed one is never used. */
function snapshotFile(flags: string): string | undefined {
  if (!files.has(flags)) files.set(flags, existsSync(BUILDER) ? fileName(flags) : undefined);
  return files.get(flags);
}

function fileName(flags: string): string {
  const requireFromProject = createRequire(join(packageRoot(), "package.json"));
  const version = (name: string): string => (requireFromProject(`${name}/package.json`) as { version: string }).version;
  const key = createHash("sha256")
    .update([process.version, process.arch, process.execPath, flags, ...V8_FLAGS, version("tslab"), version("@tslab/typescript-for-tslab"), ...BUILDER_SOURCES.map((f) => readFileSync(f, "utf8"))].join("\0"))
    .digest("hex")
    .slice(0, 16);
  return join(packageRoot(), "dist", "kernel-snapshots", `kernel-${key}.blob`);
}

/**
 * Builds `file` in a process of its own that outlives whoever asked (a runner may exit first), into a
 * temporary file it then renames, so no kernel ever starts from half a snapshot; `<file>.building` is the
 * lock that keeps others from building the same snapshot meanwhile. Readable by all: a grader running as
 * root starts its kernels as a user of their own.
 */
const BUILD = `
const { spawnSync } = require("node:child_process");
const { chmodSync, renameSync, rmSync } = require("node:fs");
const [file, building, builder, ...v8Flags] = process.argv.slice(1);
const temporary = file + "." + process.pid + ".tmp";
try {
  const built = spawnSync(process.execPath, [...v8Flags, "--snapshot-blob", temporary, "--build-snapshot", builder], { stdio: "ignore" });
  if (built.status === 0) {
    chmodSync(temporary, 0o644);
    renameSync(temporary, file);
  }
} finally {
  rmSync(temporary, { force: true });
  rmSync(building, { force: true });
}`;

/** A lock older than this is a build that died: it is taken over. */
const STALE_BUILD_MS = 120_000;

/** Snapshots this process started to build: one that failed is not tried again (every kernel would pay for it). */
const tried = new Set<string>();

/** Starts building `file` unless it is being built already; answers the lock to wait on. */
function startBuild(file: string, flags: string): string {
  const building = `${file}.building`;
  if (tried.has(file)) return building;
  tried.add(file);
  try {
    mkdirSync(dirname(file), { recursive: true });
    chmodSync(dirname(file), 0o755);
    if (existsSync(building) && Date.now() - statSync(building).mtimeMs > STALE_BUILD_MS) rmSync(building, { force: true });
    closeSync(openSync(building, "wx"));
  } catch {
    return building; // being built already, or dist/ is not ours to write (kernels then start without a snapshot)
  }
  spawn(process.execPath, ["-e", BUILD, file, building, BUILDER, ...V8_FLAGS], {
    cwd: packageRoot(),
    env: { ...process.env, NODE_OPTIONS: flags, MINICLOUD_SNAPSHOT_ROOT: packageRoot() },
    stdio: "ignore",
    detached: true,
  }).unref();
  return building;
}

/** The snapshot for kernels with NODE_OPTIONS `nodeOptions`, undefined when they cannot have one. */
function snapshotFor(nodeOptions: string | undefined): { file: string; flags: string } | undefined {
  const flags = snapshotFlags(nodeOptions);
  const file = flags === undefined ? undefined : snapshotFile(flags);
  return file === undefined || flags === undefined ? undefined : { file, flags };
}

/**
 * The Node.js arguments that start a kernel with NODE_OPTIONS `nodeOptions` from its snapshot
 * (`--snapshot-blob FILE`), or none while there is no snapshot for it yet: one is then built in the
 * background for the kernels that come after.
 */
export function kernelSnapshotArgs(nodeOptions: string | undefined): string[] {
  const snapshot = snapshotFor(nodeOptions);
  if (snapshot === undefined) return [];
  if (existsSync(snapshot.file)) return [...V8_FLAGS, "--snapshot-blob", snapshot.file];
  startBuild(snapshot.file, snapshot.flags);
  return [];
}

/** Builds the snapshot for kernels with NODE_OPTIONS `nodeOptions` unless it exists; false when they cannot have one. */
export async function ensureKernelSnapshot(nodeOptions: string | undefined): Promise<boolean> {
  const snapshot = snapshotFor(nodeOptions);
  if (snapshot === undefined) return false;
  if (existsSync(snapshot.file)) return true;
  const building = startBuild(snapshot.file, snapshot.flags);
  const deadline = Date.now() + STALE_BUILD_MS;
  while (existsSync(building) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  return existsSync(snapshot.file);
}
