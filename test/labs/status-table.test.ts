import { describe, expect, it } from "vitest";
import { formatStatusTable, type StudentProgress } from "minicloud";
import { statusTableBundle } from "../../src/labs/status-table.js";

const checkpoints = ["bucket-and-queue", "submit-api", "worker-image"];
const rows: StudentProgress[] = [
  {
    lab: "capstone",
    home: "/home/alice/.minicloud",
    student: "alice",
    checkpoints: [
      { checkpoint: "bucket-and-queue", state: "passed", at: "2025-03-01T10:02:00.000Z", attempts: 2 },
      { checkpoint: "submit-api", state: "failed", at: "2025-03-01T10:15:00.000Z", attempts: 1 },
      { checkpoint: "worker-image", state: "not tried", attempts: 0 },
    ],
    passed: 1,
    lastActivity: "2025-03-01T10:15:00.000Z",
  },
  {
    lab: "capstone",
    home: "/home/bob/.minicloud",
    student: "bob",
    checkpoints: checkpoints.map((checkpoint) => ({ checkpoint, state: "not tried" as const, attempts: 0 })),
    passed: 0,
    problem: "no minicloud home here",
  },
];

describe("lab status table", () => {
  it("shows one row per student: ✓ with the first pass, ✗ with the last failure, · when not tried", () => {
    const text = formatStatusTable(checkpoints, rows, { timeZone: "UTC", now: new Date("2025-03-01T12:00:00Z") });
    expect(text.split("\n")).toEqual([
      "student  bucket-and-queue  submit-api  worker-image  passed  last activity",
      "alice    ✓ 10:02           ✗ 10:15     ·             1/3     10:15",
      "bob      ·                 ·           ·             0/3     no minicloud home here",
    ]);
  });

  it("writes the date too when a time is not from today, in the time zone asked for", () => {
    const text = formatStatusTable(checkpoints, rows.slice(0, 1), { timeZone: "America/New_York", now: new Date("2025-03-03T12:00:00Z") });
    expect(text.split("\n")[1]).toBe("alice    ✓ 03-01 05:02     ✗ 03-01 05:15  ·             1/3     03-01 05:15");
  });

  it("shows the same table in a notebook, as HTML with the text beside it", () => {
    const bundle = statusTableBundle("Lab capstone", checkpoints, rows, { timeZone: "UTC", now: new Date("2025-03-01T12:00:00Z") });
    expect(bundle["text/plain"]).toContain("alice    ✓ 10:02");
    expect(bundle["text/html"]).toContain('<td style="text-align:left;color:#1a7f37">✓ 10:02</td>');
    expect(bundle["text/html"]).toContain("<th style=\"text-align:left\">worker-image</th>");
  });
});
