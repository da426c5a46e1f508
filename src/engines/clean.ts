import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { probeDocker } from "./docker-probe.js";
import { SESSION_LABEL } from "./labels.js";
import { liveSessionIds, pruneSessionRecords } from "./session-records.js";

/** What was removed of some sessions' objects. */
export interface RemovedObjects {
  /** Docker containers and networks removed (ids). */
  dockerContainers: string[];
  dockerNetworks: string[];
  /** Embedded-engine container processes killed. */
  processes: number[];
  /** Session folders removed. */
  folders: string[];
}

/** What `minicloud clean` removed. */
export interface CleanReport extends RemovedObjects {
  /** Sessions found dead (no live owner). */
  sessions: string[];
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

/** Options for {@link cleanStaleSessions} and {@link removeSessionObjects}. */
export interface CleanOptions {
  /** Look on the Docker engine too (default: yes, when one answers). */
  docker?: boolean;
}

/**
 * Removes what the chosen sessions own — their embedded-engine processes, their folders, and their
 * containers and networks on the Docker engine — whether their owner is still running or not.
 */
export async function removeSessionObjects(isChosen: (sessionId: string) => boolean, options: CleanOptions = {}): Promise<RemovedObjects> {
  const report: RemovedObjects = { dockerContainers: [], dockerNetworks: [], processes: [], folders: [] };
  const chosen = (session: string | undefined): session is string => session !== undefined && isChosen(session);
  if (existsSync("/proc")) {
    for (const entry of readdirSync("/proc")) {
      const pid = Number(entry);
      if (!Number.isInteger(pid) || pid === process.pid) continue;
      if (chosen(sessionOfProcess(pid))) {
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
    if (match && chosen(match[1])) {
      // Its owner may still be writing there (a session that did not answer a stop request): retry.
      rmSync(join(tmpdir(), name), { recursive: true, force: true, maxRetries: 5 });
      report.folders.push(join(tmpdir(), name));
    }
  }
  if (options.docker ?? (await probeDocker()).reachable) {
    const { default: Docker } = await import("dockerode");
    const docker = new Docker();
    const filters = { label: [SESSION_LABEL] };
    for (const c of await docker.listContainers({ all: true, filters })) {
      if (chosen(c.Labels[SESSION_LABEL])) {
        await docker.getContainer(c.Id).remove({ force: true });
        report.dockerContainers.push(c.Id);
      }
    }
    for (const n of await docker.listNetworks({ filters })) {
      if (chosen(n.Labels?.[SESSION_LABEL])) {
        await docker.getNetwork(n.Id).remove();
        report.dockerNetworks.push(n.Id);
      }
    }
  }
  return report;
}

/**
 * Removes everything left by minicloud sessions that are no longer running — containers and networks
 * on the Docker engine, embedded-engine processes and their folders — and never touches a live session's.
 * `Cloud.start` runs it, so a kernel that died without shutting down leaves nothing for long.
 */
export async function cleanStaleSessions(options: CleanOptions = {}): Promise<CleanReport> {
  const live = liveSessionIds();
  const sessions = pruneSessionRecords();
  return { sessions, ...(await removeSessionObjects((session) => !live.has(session), options)) };
}
