import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { probeDocker } from "./docker-probe.js";
import { SESSION_LABEL } from "./labels.js";
import { liveSessionIds, pruneSessionRecords } from "./session-records.js";

/** What `minicloud clean` removed. */
export interface CleanReport {
  /** Sessions found dead (no live owner). */
  sessions: string[];
  /** Docker containers and networks removed (ids). */
  dockerContainers: string[];
  dockerNetworks: string[];
  /** Embedded-engine container processes killed. */
  processes: number[];
  /** Session folders removed. */
  folders: string[];
}

/** Processes started by the process engine carry `MINICLOUD_SESSION` in their environment. */
function sessionOfProcess(pid: number): string | undefined {
  try {
    const environ = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
    return environ.find((v) => v.startsWith("MINICLOUD_SESSION="))?.slice("MINICLOUD_SESSION=".length);
  } catch {
    return undefined;
  }
}

/** Options for {@link cleanStaleSessions}. */
export interface CleanOptions {
  /** Look on the Docker engine too (default: yes, when one answers). */
  docker?: boolean;
}

/**
 * Removes everything left by minicloud sessions that are no longer running — containers and networks
 * on the Docker engine, embedded-engine processes and their folders — and never touches a live session's.
 * `Cloud.start` runs it, so a kernel that died without shutting down leaves nothing for long.
 */
export async function cleanStaleSessions(options: CleanOptions = {}): Promise<CleanReport> {
  const live = liveSessionIds();
  const report: CleanReport = { sessions: pruneSessionRecords(), dockerContainers: [], dockerNetworks: [], processes: [], folders: [] };
  const stale = (session: string | undefined): session is string => session !== undefined && !live.has(session);

  if (existsSync("/proc")) {
    for (const entry of readdirSync("/proc")) {
      const pid = Number(entry);
      if (!Number.isInteger(pid) || pid === process.pid) continue;
      if (stale(sessionOfProcess(pid))) {
        try {
          process.kill(pid, "SIGKILL");
          report.processes.push(pid);
        } catch {
          // Gone already.
        }
      }
    }
  }
  for (const name of readdirSync(tmpdir())) {
    const match = /^minicloud-([0-9a-f]{12})$/.exec(name);
    if (match && stale(match[1])) {
      rmSync(join(tmpdir(), name), { recursive: true, force: true });
      report.folders.push(join(tmpdir(), name));
    }
  }
  if (options.docker ?? (await probeDocker()).reachable) {
    const { default: Docker } = await import("dockerode");
    const docker = new Docker();
    const filters = { label: [SESSION_LABEL] };
    for (const c of await docker.listContainers({ all: true, filters })) {
      if (stale(c.Labels[SESSION_LABEL])) {
        await docker.getContainer(c.Id).remove({ force: true });
        report.dockerContainers.push(c.Id);
      }
    }
    for (const n of await docker.listNetworks({ filters })) {
      if (stale(n.Labels?.[SESSION_LABEL])) {
        await docker.getNetwork(n.Id).remove();
        report.dockerNetworks.push(n.Id);
      }
    }
  }
  return report;
}
