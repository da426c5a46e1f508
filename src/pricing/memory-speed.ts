import { lambdaCost } from "./calculators.js";

/**
 * Lambda gives a function CPU in proportion to its memory: at 1,769 MB it has the equivalent of one
 * full vCPU (AWS's figure). A model of a function's run time at a memory size: its CPU work speeds up
 * with memory (up to that full vCPU, for a single-threaded handler), its waiting on I/O does not.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html
 */
export const FULL_VCPU_MB = 1769;

/** Run time of a function with `cpuMs` of CPU work at a full vCPU and `ioMs` of waiting, at `memoryMB`. */
export function modelledDurationMs(cpuMs: number, ioMs: number, memoryMB: number): number {
  return (cpuMs * FULL_VCPU_MB) / Math.min(memoryMB, FULL_VCPU_MB) + ioMs;
}

/** The memory size, among `sizes`, at which one invocation costs least (the smallest on a tie). */
export function cheapestMemory(cpuMs: number, ioMs: number, sizes: number[], rule: "2019" | "current"): number {
  let best: { memory: number; cost: number } | undefined;
  for (const memory of [...sizes].sort((a, b) => a - b)) {
    const cost = lambdaCost({ requests: 1_000_000, durationMs: modelledDurationMs(cpuMs, ioMs, memory), memoryMB: memory, rule }).durationCost;
    if (best === undefined || cost < best.cost - 1e-12) best = { memory, cost };
  }
  return best!.memory;
}
