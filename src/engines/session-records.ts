import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
  writeFileSync(join(ensureSessionsDir(), `${record.sessionId}.json`), JSON.stringify(record), { mode: 0o600 });
}

/** Removes the record of a session that has shut down. */
export function removeSessionRecord(sessionId: string): void {
  rmSync(join(sessionsDir(), `${sessionId}.json`), { force: true });
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
