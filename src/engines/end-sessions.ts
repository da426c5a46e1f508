import { existsSync } from "node:fs";
import { removeSessionObjects, type CleanOptions, type RemovedObjects } from "./clean.js";
import { isProcessAlive, readSessionRecords, removeSessionRecord, requestSessionStop, sessionRecordFile, type SessionRecord } from "./session-records.js";

/** What {@link endSessions} ended. */
export interface EndedSessions extends RemovedObjects {
  /** The sessions ended, by id. */
  sessions: string[];
  /** Those whose owner was still running and shut the session down itself when asked. */
  stoppedByOwner: string[];
  /**
   * Those whose owner still runs but did not shut the session down in time (busy, or too old to watch):
   * what it starts from now on belongs to no recorded session, so the next clean-up removes it.
   */
  unanswered: { sessionId: string; ownerPid: number }[];
}

/** Options for {@link endSessions}. */
export interface EndSessionsOptions extends CleanOptions {
  /** How long a running owner gets to shut its session down before what is left is removed by force (default 30 s). */
  timeoutMs?: number;
}

/**
 * Ends the recorded sessions `choose` picks, live or not: a session whose owner still runs and watches
 * for it (a lab session) is asked to shut itself down and given time to; then whatever is left of every
 * chosen session — processes, folders, containers, networks, its record — is removed by force.
 */
export async function endSessions(choose: (record: SessionRecord) => boolean, options: EndSessionsOptions = {}): Promise<EndedSessions> {
  const chosen = [...readSessionRecords().values()].filter(choose);
  const live = chosen.filter((r) => isProcessAlive(r.ownerPid));
  for (const record of live) requestSessionStop(record.sessionId);
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  // An owner that has shut its session down has removed the session's record.
  const running = (r: SessionRecord): boolean => existsSync(sessionRecordFile(r.sessionId)) && isProcessAlive(r.ownerPid);
  while (live.some(running) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  const stoppedByOwner = live.filter((r) => !running(r)).map((r) => r.sessionId);
  const unanswered = live.filter(running).map((r) => ({ sessionId: r.sessionId, ownerPid: r.ownerPid }));
  const ids = new Set(chosen.map((r) => r.sessionId));
  const removed = await removeSessionObjects((session) => ids.has(session), { ...(options.docker !== undefined ? { docker: options.docker } : {}) });
  for (const id of ids) removeSessionRecord(id);
  return { sessions: [...ids], stoppedByOwner, unanswered, ...removed };
}
