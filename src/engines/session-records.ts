import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { MinicloudError } from "../core/errors.js";
import { isCallers, ownerUid } from "./ownership.js";

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
  /** The user who owns the record's file, filled in when it is read: the system's word, not the file's. */
  ownerUid?: number;
}

/**
 * Where running sessions are recorded: one folder for the whole machine (not per MINICLOUD_HOME), so
 * that whoever cleans up can always tell a live session — of a test run, a notebook — from a dead one.
 * `MINICLOUD_SESSIONS_DIR` moves it.
 */
export function sessionsDir(): string {
  return process.env["MINICLOUD_SESSIONS_DIR"] || join(tmpdir(), "minicloud-sessions");
}

/** The file that records a session. */
export function sessionRecordFile(sessionId: string): string {
  return join(sessionsDir(), `${sessionId}.json`);
}

/**
 * Makes the records folder, shared by every user like /tmp itself (mode 1777: anyone may add a record,
 * only its owner may remove it), or checks that the one already there is as safe. A folder another user
 * made writable without the sticky bit would let them remove our records, making our live sessions look
 * dead to our own clean-up.
 */
function ensureSessionsDir(): string {
  const dir = sessionsDir();
  mkdirSync(dirname(dir), { recursive: true });
  try {
    mkdirSync(dir);
    chmodSync(dir, 0o1777);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const stat = lstatSync(dir);
  const ownerTrusted = stat.uid === 0 || isCallers(stat.uid);
  const othersMayRemove = (stat.mode & 0o002) !== 0 && (stat.mode & 0o1000) === 0;
  if (!stat.isDirectory() || !ownerTrusted || othersMayRemove) {
    throw new MinicloudError(
      "SessionsFolderNotSafe",
      `${dir} records the running sessions of everyone on this machine, but it is ${stat.isDirectory() ? `owned by user ${stat.uid} with mode ${(stat.mode & 0o7777).toString(8)}` : "not a folder"}, ` +
        "so another user could remove your records. Remove it (minicloud makes it again, owned by you with mode 1777) or set MINICLOUD_SESSIONS_DIR to a folder of your own.",
    );
  }
  return dir;
}

/** Writes the record of a session that is starting; only its owner can read it. */
export function writeSessionRecord(record: SessionRecord): void {
  ensureSessionsDir();
  writeFileSync(sessionRecordFile(record.sessionId), JSON.stringify(record), { mode: 0o600 });
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
 * only the record's owner (its user) can read and write it. The record is replaced whole — written beside it,
 * then renamed — so that no reader ever takes a half-written record for a dead session. Answers false
 * when there is no record of the caller's to mark.
 */
export function requestSessionStop(sessionId: string): boolean {
  const file = sessionRecordFile(sessionId);
  // Replacing another user's record (as root) would hand it to root, and its owner could no longer remove it.
  if (!isCallers(ownerUid(file))) return false;
  // Another cleaner may remove a file it does not know before the rename: try again.
  for (let attempt = 0; attempt < 5; attempt++) {
    const record = readRecord(file);
    if (record === undefined) return false;
    const temp = `${file}.${randomBytes(4).toString("hex")}`;
    try {
      writeFileSync(temp, JSON.stringify({ ...record, stopRequested: true }), { mode: 0o600 });
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

/** Every session record on the machine this user may read, live or not, by session id. */
export function readSessionRecords(): Map<string, SessionRecord> {
  const records = new Map<string, SessionRecord>();
  if (!existsSync(sessionsDir())) return records;
  for (const file of readdirSync(sessionsDir())) {
    if (!file.endsWith(".json")) continue;
    const path = join(sessionsDir(), file);
    try {
      const record = JSON.parse(readFileSync(path, "utf8")) as SessionRecord;
      const uid = ownerUid(path);
      records.set(record.sessionId, { ...record, ...(uid !== undefined ? { ownerUid: uid } : {}) });
    } catch {
      // A half-written record tells nothing yet; another user's cannot be read, and is not ours to judge.
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

/**
 * Removes the records of sessions that are no longer live, the caller's own only unless `allUsers`
 * (which only root can act on); returns their ids.
 */
export function pruneSessionRecords(options: { allUsers?: boolean } = {}): string[] {
  const live = liveSessionIds();
  const pruned: string[] = [];
  if (!existsSync(sessionsDir())) return pruned;
  for (const file of readdirSync(sessionsDir())) {
    const id = file.replace(/\.json$/, "");
    const path = join(sessionsDir(), file);
    if (live.has(id) || !(options.allUsers || isCallers(ownerUid(path)))) continue;
    try {
      rmSync(path, { force: true });
      pruned.push(id);
    } catch {
      // Not ours to remove after all (another user's, in a folder with the sticky bit).
    }
  }
  return pruned;
}
