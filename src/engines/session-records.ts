import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** What minicloud writes down about a running session, so `minicloud clean` can tell live sessions from dead ones. */
export interface SessionRecord {
  sessionId: string;
  /** The process that owns the session (a notebook kernel, a test run). */
  ownerPid: number;
  engine: string;
  /** Epoch ms. */
  startedAt: number;
  /** The owner's MINICLOUD_HOME, which tells one test run's sessions from another's running beside it. */
  home?: string;
  /** The lab the session belongs to, so `minicloud lab reset` can end exactly that lab's sessions. */
  lab?: string;
}

/**
 * Where running sessions are recorded: one folder for the whole machine (not per MINICLOUD_HOME), so
 * that whoever cleans up can always tell a live session — of a test run, a notebook, another user —
 * from a dead one. `MINICLOUD_SESSIONS_DIR` moves it.
 */
export function sessionsDir(): string {
  return process.env["MINICLOUD_SESSIONS_DIR"] || join(tmpdir(), "minicloud-sessions");
}

/** The file that records a session. */
export function sessionRecordFile(sessionId: string): string {
  return join(sessionsDir(), `${sessionId}.json`);
}

/** Writes the record of a session that is starting. */
export function writeSessionRecord(record: SessionRecord): void {
  if (!existsSync(sessionsDir())) {
    mkdirSync(sessionsDir(), { recursive: true });
    // Shared by every user of the machine, like /tmp itself.
    chmodSync(sessionsDir(), 0o1777);
  }
  writeFileSync(sessionRecordFile(record.sessionId), JSON.stringify(record));
}

/** Removes the record of a session that has shut down, and any request to stop it. */
export function removeSessionRecord(sessionId: string): void {
  rmSync(sessionRecordFile(sessionId), { force: true });
  rmSync(stopRequestFile(sessionId), { force: true });
}

/** The file whose appearance asks a watching session to shut down (see {@link watchStopRequest}). */
export function stopRequestFile(sessionId: string): string {
  return join(sessionsDir(), `${sessionId}.stop`);
}

/** Asks a session that watches for it (a lab session) to shut itself down, from any process of its owner's user. */
export function requestSessionStop(sessionId: string): void {
  writeFileSync(stopRequestFile(sessionId), "");
}

/**
 * Calls `onStop` once when a stop request for the session appears: that is how `minicloud lab reset`,
 * from another process, asks a lab session to shut itself down. Only a request written by the
 * session's own user counts: the folder is shared by every user of the machine. Returns the function
 * that stops watching.
 */
export function watchStopRequest(sessionId: string, onStop: () => void, intervalMs = 500): () => void {
  const file = stopRequestFile(sessionId);
  const timer = setInterval(() => {
    if (!existsSync(file) || statSync(file, { throwIfNoEntry: false })?.uid !== process.getuid?.()) return;
    clearInterval(timer);
    onStop();
  }, intervalMs);
  // Watching must never keep a notebook kernel or a test run alive.
  timer.unref();
  return () => clearInterval(timer);
}

/** True when a process with that pid exists. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Every session record on the machine, live or not, by session id. */
export function readSessionRecords(): Map<string, SessionRecord> {
  const records = new Map<string, SessionRecord>();
  if (!existsSync(sessionsDir())) return records;
  for (const file of readdirSync(sessionsDir())) {
    if (!file.endsWith(".json")) continue;
    try {
      const record = JSON.parse(readFileSync(join(sessionsDir(), file), "utf8")) as SessionRecord;
      records.set(record.sessionId, record);
    } catch {
      // A half-written record tells nothing yet.
    }
  }
  return records;
}

/** The sessions whose owner is still running. A session with no record, or a dead owner, is not live. */
export function liveSessionIds(): Set<string> {
  const live = new Set<string>();
  for (const record of readSessionRecords().values()) if (isProcessAlive(record.ownerPid)) live.add(record.sessionId);
  return live;
}

/** Removes the records of sessions that are no longer live; returns their ids. */
export function pruneSessionRecords(): string[] {
  const live = liveSessionIds();
  const pruned: string[] = [];
  if (!existsSync(sessionsDir())) return pruned;
  for (const file of readdirSync(sessionsDir())) {
    // `<id>.json` is a record, `<id>.stop` a request to stop that session: both go with the session.
    const id = file.slice(0, file.indexOf(".") === -1 ? undefined : file.indexOf("."));
    if (!live.has(id)) {
      rmSync(join(sessionsDir(), file), { force: true });
      if (file.endsWith(".json")) pruned.push(id);
    }
  }
  return pruned;
}
