// Control groups for the process sandbox, where the grader may make them (Linux, cgroup v1 or v2, a
// hierarchy the grader can write to): a process-count limit — what contains a fork bomb — and, where the
// controllers are there, memory and CPU limits on everything a kernel starts, together. The groups are made
// below the grader's own, so the grader's own limits still hold; killing what is left in the pids group
// before removing it ends every process the kernel started, whatever it did to escape its process group.
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

/** Limits the groups set. */
export interface CgroupLimits {
  pids: number;
  memoryMiB: number;
  cpus: number;
}

/** A kernel's control groups. */
export interface KernelCgroup {
  /** Which limits hold: `pids` always, `memory` and `cpu` when those controllers could be used. */
  controllers: string[];
  /** Words that put the command after them in the groups, then exec it. */
  prefix: string[];
  /** Kills every process still in the groups and removes them. */
  remove(): Promise<void>;
}

/** Where a controller's hierarchy is mounted (v1: one per controller; v2: one for all), and the grader's place in it. */
export interface Hierarchy {
  version: 1 | 2;
  /** The grader's own group: new groups go below it. */
  dir: string;
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

/**
 * Where the grader's own group is in the hierarchy that has `controller`, read from the texts of
 * /proc/self/cgroup and /proc/self/mountinfo (a v2 group only when it lets its children use the controller).
 */
export function findHierarchy(controller: string, selfCgroup: string, mountinfo: string, subtreeControl: (dir: string) => string = (dir) => readText(join(dir, "cgroup.subtree_control"))): Hierarchy | undefined {
  const groups = selfCgroup.split("\n").map((line) => line.split(":"));
  for (const line of mountinfo.split("\n")) {
    const [mountInfo, fs] = line.split(" - ");
    const fields = mountInfo?.split(" ") ?? [];
    const [type, , options] = fs?.split(" ") ?? [];
    const root = fields[3];
    const mountPoint = fields[4];
    if (root === undefined || mountPoint === undefined) continue;
    if (type === "cgroup" && options?.split(",").includes(controller)) {
      const own = groups.find((g) => g[1]?.split(",").includes(controller))?.[2];
      if (own !== undefined) return { version: 1, dir: join(mountPoint, relative(root, own)) };
    }
    if (type === "cgroup2") {
      const own = groups.find((g) => g[0] === "0" && g[1] === "")?.[2];
      if (own === undefined) continue;
      const dir = join(mountPoint, relative(root, own));
      // A v2 group can limit its children only with the controller switched on for them.
      if (subtreeControl(dir).split(/\s+/).includes(controller)) return { version: 2, dir };
    }
  }
  return undefined;
}

/** The files that set each limit, by hierarchy version. */
function limitFiles(controller: string, version: 1 | 2, limits: CgroupLimits): [string, string][] {
  const bytes = String(limits.memoryMiB * 1024 * 1024);
  const quota = String(Math.round(limits.cpus * 100_000));
  switch (controller) {
    case "pids":
      return [["pids.max", String(limits.pids)]];
    case "memory":
      return version === 1 ? [["memory.limit_in_bytes", bytes], ["memory.memsw.limit_in_bytes", bytes]] : [["memory.max", bytes], ["memory.swap.max", "0"]];
    default:
      return version === 1 ? [["cpu.cfs_period_us", "100000"], ["cpu.cfs_quota_us", quota]] : [["cpu.max", `${quota} 100000`]];
  }
}

async function killAll(procsFile: string): Promise<void> {
  for (let round = 0; round < 50; round++) {
    const pids = readText(procsFile).split("\n").filter(Boolean).map(Number);
    if (pids.length === 0) return;
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Gone already.
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function removeDir(dir: string): Promise<void> {
  for (let round = 0; round < 50; round++) {
    try {
      rmdirSync(dir);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      // A group whose last process is still exiting is busy for a moment.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/**
 * Makes control groups named `name` for one kernel, or undefined when this machine does not let the grader
 * limit the number of processes (then nothing is made, and the sandbox says what it lacks).
 */
export function createKernelCgroup(name: string, limits: CgroupLimits): KernelCgroup | undefined {
  if (process.platform !== "linux") return undefined;
  const made: { controller: string; dir: string }[] = [];
  const forget = (dir: string): void => {
    // Only a folder no other controller uses, and with nothing in it yet.
    if (made.some((m) => m.dir === dir)) return;
    try {
      rmdirSync(dir);
    } catch {
      // Not ours to force.
    }
  };
  for (const controller of ["pids", "memory", "cpu"]) {
    const hierarchy = findHierarchy(controller, readText("/proc/self/cgroup"), readText("/proc/self/mountinfo"));
    if (hierarchy === undefined) continue;
    const dir = join(hierarchy.dir, name);
    try {
      if (!existsSync(dir)) mkdirSync(dir);
      for (const [file, value] of limitFiles(controller, hierarchy.version, limits)) {
        if (file !== "memory.memsw.limit_in_bytes" || existsSync(join(dir, file))) writeFileSync(join(dir, file), value);
      }
      made.push({ controller, dir });
    } catch {
      forget(dir);
      // Without a process-count limit the groups are not worth having: the sandbox does without them.
      if (controller === "pids") return undefined;
    }
  }
  const undo = (): void => {
    for (const dir of new Set(made.splice(0).map((m) => m.dir))) forget(dir);
  };
  if (made[0]?.controller !== "pids") return (undo(), undefined);
  // One group per hierarchy: v2 has one for all controllers, so a process is written to each folder once.
  const dirs = [...new Set(made.map((m) => m.dir))];
  const enter = dirs.map((dir) => `echo $$ > ${join(dir, "cgroup.procs")}`).join(" && ");
  return {
    controllers: made.map((m) => m.controller),
    prefix: ["sh", "-c", `${enter} && exec "$@"`, "sh"],
    async remove() {
      await killAll(join(made[0]!.dir, "cgroup.procs"));
      for (const dir of dirs) await removeDir(dir);
    },
  };
}
