import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** What minicloud writes down about a running session, so `minicloud clean` can tell live sessions from dead ones. */
export interface SessionRecord {
  sessionId: string;
  /** The process that owns the session (a notebook kernel, a test run). */
  ownerPid: number;
  engine: string;
  /** Epoch ms. */
  startedAt: number;
}

function dir(home: string): string {
  return join(home, "sessions");
}

/** Writes the record of a session that is starting. */
export function writeSessionRecord(home: string, record: SessionRecord): void {
  mkdirSync(dir(home), { recursive: true });
  writeFileSync(join(dir(home), `${record.sessionId}.json`), JSON.stringify(record));
}

/** Removes the record of a session that has shut down. */
export function removeSessionRecord(home: string, sessionId: string): void {
  rmSync(join(dir(home), `${sessionId}.json`), { force: true });
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

/** The sessions whose owner is still running. A session with no record, or a dead owner, is not live. */
export function liveSessionIds(home: string): Set<string> {
  const live = new Set<string>();
  if (!existsSync(dir(home))) return live;
  for (const file of readdirSync(dir(home))) {
    if (!file.endsWith(".json")) continue;
    try {
      const record = JSON.parse(readFileSync(join(dir(home), file), "utf8")) as SessionRecord;
      if (isProcessAlive(record.ownerPid)) live.add(record.sessionId);
    } catch {
      // A half-written record belongs to no live session.
    }
  }
  return live;
}

/** Removes the records of sessions that are no longer live; returns their ids. */
export function pruneSessionRecords(home: string): string[] {
  const live = liveSessionIds(home);
  const pruned: string[] = [];
  if (!existsSync(dir(home))) return pruned;
  for (const file of readdirSync(dir(home))) {
    const id = file.replace(/\.json$/, "");
    if (!live.has(id)) {
      rmSync(join(dir(home), file), { force: true });
      pruned.push(id);
    }
  }
  return pruned;
}
