import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
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
  /** Set by {@link requestSessionStop}: the owner is asked to shut the session down. */
  stopRequested?: boolean;
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

/** Removes the record of a session that has shut down. */
export function removeSessionRecord(sessionId: string): void {
  rmSync(sessionRecordFile(sessionId), { force: true });
}

function readRecord(file: string): SessionRecord | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as SessionRecord;
  } catch {
    return undefined;
  }
}

/**
 * Asks a session that watches its record (a lab session) to shut itself down, by marking the record:
 * only the record's owner (its user) can write it. The record is replaced whole — written beside it,
 * then renamed — so that no reader ever takes a half-written record for a dead session. Answers false
 * when there is no record to mark.
 */
export function requestSessionStop(sessionId: string): boolean {
  const file = sessionRecordFile(sessionId);
  // Another cleaner may remove a file it does not know before the rename: try again.
  for (let attempt = 0; attempt < 5; attempt++) {
    const record = readRecord(file);
    if (record === undefined) return false;
    const temp = `${file}.${randomBytes(4).toString("hex")}`;
    try {
      writeFileSync(temp, JSON.stringify({ ...record, stopRequested: true }));
      renameSync(temp, file);
      return true;
    } catch {
      rmSync(temp, { force: true });
    }
  }
  return false;
}

/**
 * Calls `onStop` once when the session's record asks it to stop (`minicloud lab reset`, from another
 * process) or is gone (the session was ended by force, and whatever it starts from now on would belong
 * to no recorded session). Returns the function that stops watching.
 */
export function watchStopRequest(sessionId: string, onStop: () => void, intervalMs = 500): () => void {
  const file = sessionRecordFile(sessionId);
  const timer = setInterval(() => {
    if (existsSync(file) && readRecord(file)?.stopRequested !== true) return;
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
    const id = file.replace(/\.json$/, "");
    if (!live.has(id)) {
      rmSync(join(sessionsDir(), file), { force: true });
      pruned.push(id);
    }
  }
  return pruned;
}
