import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Cloud, createProcessEngine, newSessionId } from "minicloud";
import { recordCheck } from "../../src/grading/progress/index.js";
import { sessionsDir } from "../../src/engines/session-records.js";

// On a machine shared by a class, what one learner's session keeps must not be readable by another.
const mode = (path: string): number => statSync(path).mode & 0o7777;

describe("a session's files are its owner's alone", () => {
  it("keeps a process-engine session's folder, its S3 objects and its record readable by the owner only", async () => {
    const cloud = await Cloud.start({ engine: "process" });
    try {
      await cloud.s3.createBucket({ Bucket: "private-bucket" });
      const folder = join(tmpdir(), `minicloud-${cloud.sessionId}`);
      expect(mode(folder)).toBe(0o700);
      expect(mode(join(folder, "s3", "private-bucket"))).toBe(0o700);
      expect(mode(join(sessionsDir(), `${cloud.sessionId}.json`))).toBe(0o600);
    } finally {
      await cloud.shutdown();
    }
  });

  it("keeps the minicloud home, with the process engine's images (function code) and the learner's progress, readable by the owner only", async () => {
    const scratch = mkdtempSync(join(tmpdir(), "minicloud-home-privacy-"));
    try {
      const engine = createProcessEngine({ sessionId: newSessionId(), home: join(scratch, "images-first") });
      await engine.shutdown();
      expect(mode(join(scratch, "images-first"))).toBe(0o700);
      expect(mode(join(scratch, "images-first", "images"))).toBe(0o700);
      recordCheck({ exercise: "ex", passed: true, message: "" }, { home: join(scratch, "progress-first") });
      expect(mode(join(scratch, "progress-first"))).toBe(0o700);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it("keeps the folder private when S3 is the first to make it", async () => {
    const cloud = await Cloud.start({ engine: "simulated" });
    try {
      await cloud.s3.createBucket({ Bucket: "private-bucket" });
      expect(mode(join(tmpdir(), `minicloud-${cloud.sessionId}`))).toBe(0o700);
    } finally {
      await cloud.shutdown();
    }
  });
});

describe("the machine-wide records folder", () => {
  const saved = process.env["MINICLOUD_SESSIONS_DIR"];
  let scratch = "";
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), "minicloud-records-test-"));
  });
  afterEach(() => {
    if (saved === undefined) delete process.env["MINICLOUD_SESSIONS_DIR"];
    else process.env["MINICLOUD_SESSIONS_DIR"] = saved;
    rmSync(scratch, { recursive: true, force: true });
  });

  it("is made shared with the sticky bit, so that only a record's owner can remove it", async () => {
    process.env["MINICLOUD_SESSIONS_DIR"] = join(scratch, "records");
    const cloud = await Cloud.start({ engine: "process" });
    try {
      expect(mode(join(scratch, "records"))).toBe(0o1777);
    } finally {
      await cloud.shutdown();
    }
  });

  it("is refused when anyone could remove records from it, and the session leaves nothing behind", async () => {
    const before = new Set(readdirSync(tmpdir()));
    chmodSync(scratch, 0o777);
    process.env["MINICLOUD_SESSIONS_DIR"] = scratch;
    await expect(Cloud.start({ engine: "process" })).rejects.toMatchObject({
      name: "SessionsFolderNotSafe",
      message: expect.stringContaining("MINICLOUD_SESSIONS_DIR"),
    });
    expect(readdirSync(scratch)).toEqual([]);
    expect(readdirSync(tmpdir()).filter((name) => !before.has(name) && /^minicloud-[0-9a-f]{12}$/.test(name))).toEqual([]);
    chmodSync(scratch, 0o1777);
    const cloud = await Cloud.start({ engine: "process" });
    await cloud.shutdown();
    expect(existsSync(scratch)).toBe(true);
  });
});
