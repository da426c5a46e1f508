import type { ContainerStats } from "../types.js";

/** The part of Docker's stats answer (`GET /containers/{id}/stats`) that minicloud reads. */
export interface DockerStats {
  memory_stats: { usage?: number; limit?: number; stats?: { cache?: number; inactive_file?: number } };
  cpu_stats: { cpu_usage: { total_usage: number }; system_cpu_usage?: number; online_cpus?: number };
  precpu_stats: { cpu_usage: { total_usage: number }; system_cpu_usage?: number };
}

/**
 * Memory and CPU use from Docker's stats, as `docker stats` computes them: memory without the page
 * cache that can be dropped, CPU as a share of one core over Docker's last interval.
 */
export function containerStats(s: DockerStats, memoryLimitBytes: number | undefined): ContainerStats {
  const cpuDelta = s.cpu_stats.cpu_usage.total_usage - s.precpu_stats.cpu_usage.total_usage;
  const systemDelta = (s.cpu_stats.system_cpu_usage ?? 0) - (s.precpu_stats.system_cpu_usage ?? 0);
  const cache = s.memory_stats.stats?.inactive_file ?? s.memory_stats.stats?.cache ?? 0;
  return {
    memoryBytes: Math.max(0, (s.memory_stats.usage ?? 0) - cache),
    memoryLimitBytes: memoryLimitBytes ? memoryLimitBytes : null,
    cpuPercent: systemDelta > 0 ? (cpuDelta / systemDelta) * (s.cpu_stats.online_cpus ?? 1) * 100 : 0,
  };
}
