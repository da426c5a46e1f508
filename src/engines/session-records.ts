import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
}

/**
 * Where running sessions are recorded: one folder for the whole machine (not per MINICLOUD_HOME), so
 * that whoever cleans up can always tell a live session — of a test run, a notebook, another user —
 * from a dead one. `MINICLOUD_SESSIONS_DIR` moves it.
 */
export function sessionsDir(): string {
  return process.env["MINICLOUD_SESSIONS_DIR"] || join(tmpdir(), "minicloud-sessions");
}

/** Writes the record of a session that is starting. */
export function writeSessionRecord(record: SessionRecord): void {
  if (!existsSync(sessionsDir())) {
    mkdirSync(sessionsDir(), { recursive: true });
    // Shared by every user of the machine, like /tmp itself.
    chmodSync(sessionsDir(), 0o1777);
  }
  writeFileSync(join(sessionsDir(), `${record.sessionId}.json`), JSON.stringify(record));
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
