import { conflict } from "../engine-errors.js";
import type { ContainerStats } from "../types.js";
import type { ProcContainer } from "./proc-container.js";
import { cpuTimeMs, peakResidentBytes, residentBytes } from "./proc-stats.js";
import { signalGroup } from "./process-groups.js";

const MIB = 1024 * 1024;

/** A container's memory and CPU use now, from /proc. */
export function statsOf(c: ProcContainer): ContainerStats {
  const pid = c.state.status === "running" ? c.procPid : undefined;
  const limit = c.spec.memoryMiB === undefined ? null : c.spec.memoryMiB * MIB;
  if (pid === undefined) return { memoryBytes: 0, memoryLimitBytes: limit, cpuPercent: 0 };
  const now = Date.now();
  const cpuMs = cpuTimeMs(pid);
  // The first call averages over the container's life so far; later calls over the time since the last.
  const previous = c.cpuSample ?? { at: c.state.startedAt ?? now, cpuMs: 0 };
  c.cpuSample = { at: now, cpuMs };
  const elapsed = now - previous.at;
  return {
    memoryBytes: residentBytes(pid),
    memoryLimitBytes: limit,
    cpuPercent: elapsed > 0 ? Math.max(0, ((cpuMs - previous.cpuMs) / elapsed) * 100) : 0,
  };
}

/** A container's memory high-water mark in bytes (the kernel's VmHWM), kept after its processes are gone. */
export function peakMemoryOf(c: ProcContainer): number {
  if (c.state.status === "running" && c.procPid !== undefined) {
    // A program's own peak is exact on every call; its children's (rare for a container) may be 100 ms old.
    const now = Date.now();
    const whole = now - c.peakTreeAt >= 100;
    if (whole) c.peakTreeAt = now;
    c.peakBytes = Math.max(c.peakBytes, peakResidentBytes(c.procPid, !whole));
  }
  return c.peakBytes;
}

/**
 * Freezes (SIGSTOP) or thaws (SIGCONT) a running container's whole process group. SIGSTOP cannot be
 * caught or ignored, so the program stands still as under Docker's cgroup freezer.
 */
export function setPaused(c: ProcContainer, paused: boolean): void {
  if (c.paused === paused) throw conflict(`Container ${c.state.name} is ${paused ? "already" : "not"} paused.`);
  signalGroup(c.child!.pid!, paused ? "SIGSTOP" : "SIGCONT");
  c.paused = paused;
}
