// `minicloud lab status` over a class's homes, and the command's answers to misuse.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { packageRoot } from "minicloud";
import { appendCheckpointRecord } from "../../src/labs/checkpoint-records.js";

const cli = join(packageRoot(), "bin", "minicloud.js");
const run = (...args: string[]) =>
  promisify(execFile)(process.execPath, [cli, ...args]).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
/** A time of today, in this machine's time zone, as the records write it (the table writes today's times bare). */
const at = (time: string): string => {
  const [h, m] = time.split(":").map(Number);
  const date = new Date();
  date.setHours(h!, m!, 0, 0);
  return date.toISOString();
};

const root = mkdtempSync(join(tmpdir(), "minicloud-class-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const alice = join(root, "alice");
const bob = join(root, "bob");
appendCheckpointRecord(alice, { lab: "capstone", checkpoint: "bucket-and-queue", passed: false, at: at("10:01:00"), student: "alice", sessionId: "a", message: "no bucket" });
appendCheckpointRecord(alice, { lab: "capstone", checkpoint: "bucket-and-queue", passed: true, at: at("10:02:00"), student: "alice", sessionId: "a", message: "ok" });
appendCheckpointRecord(alice, { lab: "capstone", checkpoint: "submit-api", passed: false, at: at("10:15:00"), student: "alice", sessionId: "a", message: "501" });
appendCheckpointRecord(bob, { lab: "capstone", checkpoint: "bucket-and-queue", passed: true, at: at("10:03:00"), student: "s-042", sessionId: "b", message: "ok" });

describe("minicloud lab status", () => {
  it("shows every student's checkpoints, from the homes given, and a row for a home that is missing", async () => {
    const before = readdirSync(root, { recursive: true }).map((f) => `${f}:${statSync(join(root, String(f))).mtimeMs}`);
    const { code, stdout } = await run("lab", "status", "--home", alice, "--home", bob, "--home", join(root, "carol"));
    expect(code).toBe(1); // a home could not be read
    const lines = stdout.split("\n");
    expect(lines[0]).toBe("Lab capstone: Capstone: HTTP API → Lambda → SQS → ECS workers → S3 (3 students)");
    const local = (iso: string): string => new Date(iso).toTimeString().slice(0, 5);
    expect(lines.find((l) => l.startsWith("alice"))).toMatch(new RegExp(`^alice +✓ ${local(at("10:02:00"))} +✗ ${local(at("10:15:00"))} +· +· +· +· +1/6 +${local(at("10:15:00"))}$`));
    expect(lines.find((l) => l.startsWith("s-042"))).toMatch(/^s-042 +✓ \d\d:\d\d +· +· +· +· +· +1\/6 /);
    expect(lines.find((l) => l.startsWith("carol"))).toMatch(/0\/6 +no minicloud home here$/);
    // Reading is all it does.
    expect(readdirSync(root, { recursive: true }).map((f) => `${f}:${statSync(join(root, String(f))).mtimeMs}`)).toEqual(before);
  });

  it("answers the same as data with --json", async () => {
    const { code, stdout } = await run("lab", "status", "capstone", "--home", alice, "--json");
    expect(code).toBe(0);
    const [lab] = JSON.parse(stdout) as { lab: string; students: { student: string; passed: number; checkpoints: { checkpoint: string; state: string; attempts: number }[] }[] }[];
    expect(lab?.students[0]).toMatchObject({ student: "alice", passed: 1 });
    expect(lab?.students[0]?.checkpoints.slice(0, 3)).toEqual([
      { checkpoint: "bucket-and-queue", state: "passed", at: at("10:02:00"), attempts: 2 },
      { checkpoint: "submit-api", state: "failed", at: at("10:15:00"), attempts: 1 },
      { checkpoint: "worker-image", state: "not tried", attempts: 0 },
    ]);
  });

  it("reports a login name with no account, and refuses misuse with usage and exit code 2", async () => {
    const unknown = await run("lab", "status", "--users", "no-such-student-here");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('there is no account "no-such-student-here"');
    for (const args of [["lab"], ["lab", "frobnicate"], ["lab", "reset"], ["lab", "status", "a", "b"]]) {
      const misuse = await run(...args);
      expect(misuse.code, args.join(" ")).toBe(2);
      expect(misuse.stderr).toContain("minicloud lab status [LAB]");
    }
    const typo = await run("lab", "reset", "capstnoe", "--home", alice);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain(`minicloud: No lab "capstnoe" in ${alice}; the labs there are: capstone.`);
  });
});
