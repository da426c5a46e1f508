import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { probeDocker } from "./docker-probe.js";
import { OWNER_LABEL, SESSION_LABEL } from "./labels.js";
import { callerUid, isCallers, ownerUid } from "./ownership.js";
import { SESSION_FOLDER_NAME } from "./session-folder.js";
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
  /**
   * Clean up after every user's dead sessions, not only the caller's (default: no). Only root can act
   * on other users' processes and folders: this is for whoever looks after a machine shared by a class.
   */
  allUsers?: boolean;
}

/**
 * Removes what the chosen sessions own — their embedded-engine processes, their folders, and their
 * containers and networks on the Docker engine — whether their owner is still running or not; the
 * caller's own only, unless `allUsers`.
 */
export async function removeSessionObjects(isChosen: (sessionId: string) => boolean, options: CleanOptions = {}): Promise<RemovedObjects> {
  const report: RemovedObjects = { dockerContainers: [], dockerNetworks: [], processes: [], folders: [] };
  const mine = (uid: number | undefined): boolean => options.allUsers === true || isCallers(uid);
  const chosen = (session: string | undefined): session is string => session !== undefined && isChosen(session);

  if (existsSync("/proc")) {
    for (const entry of readdirSync("/proc")) {
      const pid = Number(entry);
      if (!Number.isInteger(pid) || pid === process.pid || !mine(ownerUid(`/proc/${pid}`))) continue;
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
    const match = SESSION_FOLDER_NAME.exec(name);
    const folder = join(tmpdir(), name);
    if (match && chosen(match[1]) && mine(ownerUid(folder))) {
      try {
        // Its owner may still be writing there (a session that did not answer a stop request): retry.
        rmSync(folder, { recursive: true, force: true, maxRetries: 5 });
        report.folders.push(folder);
      } catch {
        // Not ours to remove after all; the next clean-up by its owner (or root) will.
      }
    }
  }
  if (options.docker ?? (await probeDocker()).reachable) {
    const { default: Docker } = await import("dockerode");
    const docker = new Docker();
    const filters = { label: [SESSION_LABEL] };
    const uid = callerUid();
    // On Docker the owner is what the label says: anyone who may use the engine could remove anything anyway.
    const ours = (labels: Record<string, string> | undefined): boolean => options.allUsers === true || uid === undefined || labels?.[OWNER_LABEL] === String(uid);
    for (const c of await docker.listContainers({ all: true, filters })) {
      if (chosen(c.Labels[SESSION_LABEL]) && ours(c.Labels)) {
        await docker.getContainer(c.Id).remove({ force: true });
        report.dockerContainers.push(c.Id);
      }
    }
    for (const n of await docker.listNetworks({ filters })) {
      if (chosen(n.Labels?.[SESSION_LABEL]) && ours(n.Labels)) {
        await docker.getNetwork(n.Id).remove();
        report.dockerNetworks.push(n.Id);
      }
    }
  }
  return report;
}

/**
 * Removes everything left by the caller's minicloud sessions that are no longer running — containers
 * and networks on the Docker engine, embedded-engine processes and their folders — and never touches a
 * live session's, nor another user's (unless `allUsers`). `Cloud.start` runs it, so a kernel that died
 * without shutting down leaves nothing for long.
 */
export async function cleanStaleSessions(options: CleanOptions = {}): Promise<CleanReport> {
  const live = liveSessionIds();
  const sessions = pruneSessionRecords({ allUsers: options.allUsers ?? false });
  return { sessions, ...(await removeSessionObjects((session) => !live.has(session), options)) };
}
