import { readdirSync, readFileSync } from "node:fs";
import { recordedPid } from "../session-records.js";

/**
 * The number /proc knows a child of this process by, or undefined once it is gone. It is the number spawn
 * gave, except in a PID namespace of our own that still sees the host's /proc (a grading sandbox's
 * kernel): there /proc answers in the host's numbers, and the namespace's number may be another host
 * process's (a 1.2 GB one once had a 128 MiB container killed as out of memory). The child is then found
 * among our threads' children by the last number of its NSpid line, its number in our namespace.
 */
export function procPidOf(childPid: number): number | undefined {
  if (recordedPid() === process.pid) return childPid;
  for (const thread of readdirSync("/proc/self/task")) {
    for (const child of childrenOf(`/proc/self/task/${thread}`)) {
      const nsPids = /^NSpid:\s+(.*)$/m.exec(readText(`/proc/${child}/status`))?.[1]?.trim().split(/\s+/);
      if (Number(nsPids?.at(-1)) === childPid) return child;
    }
  }
  return undefined;
}

/** A /proc file's text, empty when its process or thread has ended meanwhile. */
function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

/** The processes a thread (/proc/PID/task/TID) started, by /proc's numbers; none once it has ended. */
function childrenOf(taskDir: string): number[] {
  return readText(`${taskDir}/children`).split(/\s+/).filter(Boolean).map(Number);
}

/** Resident memory of a process and its descendants, in bytes, from /proc (0 once they are gone). */
export function residentBytes(pid: number): number {
  return treeMemory(pid, /^VmRSS:\s+(\d+) kB/m);
}

/**
 * Peak resident memory of a process (the kernel's high-water mark, VmHWM), in bytes, with its
 * descendants' unless `alone` (reading their list costs as much as reading the peak itself).
 */
export function peakResidentBytes(pid: number, alone = false): number {
  return treeMemory(pid, /^VmHWM:\s+(\d+) kB/m, alone);
}

function treeMemory(pid: number, field: RegExp, alone = false): number {
  let total = 0;
  const seen = new Set<number>();
  const visit = (p: number): void => {
    if (seen.has(p)) return;
    seen.add(p);
    // A process that ended between two reads adds nothing.
    const match = field.exec(readText(`/proc/${p}/status`));
    if (match) total += Number(match[1]) * 1024;
    if (!alone) for (const child of childrenOf(`/proc/${p}/task/${p}`)) visit(child);
  };
  visit(pid);
  return total;
}

/** CPU time a process has used so far, in milliseconds (user + system). */
export function cpuTimeMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /, "").split(" ");
    // After the command name: state is field 3, utime field 14, stime field 15 (1-based in proc(5)).
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux.
  } catch {
    return 0;
  }
}
