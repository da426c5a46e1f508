import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CheckpointRecord } from "minicloud";
import { appendCheckpointRecord, labFolder, readCheckpointRecords } from "../../src/labs/checkpoint-records.js";
import { homeOwnerName, readStudentProgress, summarizeCheckpoints } from "../../src/labs/lab-progress.js";

const record = (checkpoint: string, passed: boolean, at: string, extra: Partial<CheckpointRecord> = {}): CheckpointRecord => ({
  lab: "capstone",
  checkpoint,
  passed,
  at,
  student: "alice",
  sessionId: "0123456789ab",
  message: passed ? "ok" : "missing",
  ...extra,
});

describe("checkpoint records", () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), "minicloud-records-"));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it("keeps every verification of a lab, in order, under <home>/labs/<lab>/", () => {
    appendCheckpointRecord(home, record("bucket-and-queue", false, "2025-03-01T10:00:00.000Z"));
    appendCheckpointRecord(home, record("bucket-and-queue", true, "2025-03-01T10:02:00.000Z"));
    appendCheckpointRecord(home, record("ran", true, "2025-03-01T10:03:00.000Z", { lab: "other" }));
    expect(readCheckpointRecords(home, "capstone").map((r) => [r.checkpoint, r.passed])).toEqual([
      ["bucket-and-queue", false],
      ["bucket-and-queue", true],
    ]);
    expect(readCheckpointRecords(home, "other")).toHaveLength(1);
    expect(labFolder(home, "capstone")).toBe(join(home, "labs", "capstone"));
  });

  it("skips a line that is half written or not a record, and reads a lab with no records as none", () => {
    appendCheckpointRecord(home, record("submit-api", true, "2025-03-01T10:00:00.000Z"));
    appendFileSync(join(labFolder(home, "capstone"), "checkpoints.jsonl"), '{"lab":"capstone","checkp');
    appendFileSync(join(labFolder(home, "capstone"), "checkpoints.jsonl"), '\n{"hello":1}\n');
    expect(readCheckpointRecords(home, "capstone").map((r) => r.checkpoint)).toEqual(["submit-api"]);
    expect(readCheckpointRecords(home, "never-started")).toEqual([]);
  });
});

describe("a student's progress", () => {
  it("counts a checkpoint as passed from its first pass on, even if a later verification fails", () => {
    const records = [record("a", false, "T1"), record("a", true, "T2"), record("a", false, "T3"), record("b", false, "T4"), record("b", false, "T5")];
    expect(summarizeCheckpoints(records, ["a", "b", "c"])).toEqual([
      { checkpoint: "a", state: "passed", at: "T2", attempts: 3 },
      { checkpoint: "b", state: "failed", at: "T5", attempts: 2 },
      { checkpoint: "c", state: "not tried", attempts: 0 },
    ]);
  });

  it("lists checkpoints found only in the records after the lab's own", () => {
    expect(summarizeCheckpoints([record("z-extra", true, "T1")], ["a"]).map((c) => c.checkpoint)).toEqual(["a", "z-extra"]);
  });

  it("reads a home: the student's id from the records, passes counted, the last activity", () => {
    const home = mkdtempSync(join(tmpdir(), "minicloud-progress-"));
    try {
      appendCheckpointRecord(home, record("a", true, "2025-03-01T10:00:00.000Z", { student: "s-042" }));
      appendCheckpointRecord(home, record("b", false, "2025-03-01T10:05:00.000Z", { student: "s-042" }));
      const progress = readStudentProgress(home, "capstone", ["a", "b", "c"]);
      expect(progress).toMatchObject({ student: "s-042", passed: 1, lastActivity: "2025-03-01T10:05:00.000Z" });
      expect(progress.problem).toBeUndefined();
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it("says so, rather than failing, when a home is missing or cannot be read", () => {
    const missing = readStudentProgress("/nonexistent/bob/.minicloud", "capstone", ["a"]);
    expect(missing).toMatchObject({ student: "bob", passed: 0, problem: "no minicloud home here" });
    const home = mkdtempSync(join(tmpdir(), "minicloud-progress-"));
    try {
      // A folder where the records file should be: reading it fails as an unreadable file would.
      mkdirSync(join(labFolder(home, "capstone"), "checkpoints.jsonl"), { recursive: true });
      expect(readStudentProgress(home, "capstone", ["a"], "carol").problem).toMatch(/^cannot read it: /);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it("names a home without records after its owner's folder", () => {
    expect(homeOwnerName("/home/alice/.minicloud")).toBe("alice");
    expect(homeOwnerName("/srv/class/bob")).toBe("bob");
  });
});
