import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readSessionRecords, removeSessionRecord, requestSessionStop, sessionRecordFile, watchStopRequest, writeSessionRecord } from "../../src/engines/session-records.js";

describe("asking a session to stop through its record", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "minicloud-records-"));
    process.env["MINICLOUD_SESSIONS_DIR"] = dir;
  });
  afterEach(() => {
    delete process.env["MINICLOUD_SESSIONS_DIR"];
    rmSync(dir, { recursive: true, force: true });
  });
  const record = { sessionId: "aaaaaaaaaaaa", ownerPid: process.pid, engine: "process", startedAt: 0, home: "/h", lab: "capstone" };
  const fired = (id: string): Promise<boolean> =>
    new Promise((resolve) => {
      const stop = watchStopRequest(id, () => resolve(true), 10);
      setTimeout(() => (stop(), resolve(false)), 300);
    });

  it("marks the record whole, still readable by its owner only, leaving no other file behind; the session's watcher sees it", async () => {
    writeSessionRecord(record);
    const watching = fired(record.sessionId);
    expect(requestSessionStop(record.sessionId)).toBe(true);
    expect(await watching).toBe(true);
    expect(readSessionRecords().get(record.sessionId)).toEqual({ ...record, stopRequested: true, ownerUid: process.getuid?.() });
    expect(statSync(sessionRecordFile(record.sessionId)).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual([`${record.sessionId}.json`]);
  });

  it("does not stop a session whose record is untouched or half written", async () => {
    writeSessionRecord(record);
    expect(await fired(record.sessionId)).toBe(false);
    writeFileSync(sessionRecordFile(record.sessionId), '{"sessionId":"aaaa');
    expect(await fired(record.sessionId)).toBe(false);
  });

  it("stops a session whose record was removed by someone else, and answers false when there is nothing to mark", async () => {
    writeSessionRecord(record);
    const watching = fired(record.sessionId);
    removeSessionRecord(record.sessionId);
    expect(await watching).toBe(true);
    expect(requestSessionStop(record.sessionId)).toBe(false);
  });
});
