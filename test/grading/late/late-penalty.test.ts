import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyLatePolicy, describeDuration, latePenaltyPercent } from "../../../src/grading/late/late-penalty.js";
import { LatePolicyError, parseDuration, parseLatePolicy, type LatePolicy } from "../../../src/grading/late/late-policy.js";
import { readSubmissionTimes } from "../../../src/grading/late/submission-times.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const due = "2025-03-07T23:59:00Z";
const dueMs = Date.parse(due);
const grade = (points: number[]) => ({ student: "alice", points: points.reduce((a, b) => a + b, 0), exercises: points.map((p) => ({ id: "x", points: p })) });

// Any policy the options can express: a rate per unit, a grace period, a cap, a last time for credit.
const policies = fc.record({
  rate: fc.option(fc.record({ percent: fc.double({ min: 0.01, max: 100, noNaN: true }), unitMs: fc.constantFrom(60_000, HOUR, DAY, 7 * DAY), unit: fc.constant("unit") }), { nil: undefined }),
  graceMs: fc.integer({ min: 0, max: 2 * DAY }),
  capPercent: fc.double({ min: 0, max: 100, noNaN: true }),
  noCreditAfterMs: fc.option(fc.integer({ min: 0, max: 30 * DAY }).map((d) => dueMs + d), { nil: undefined }),
}).map((p): LatePolicy => ({ dueMs, graceMs: p.graceMs, capPercent: p.capPercent, ...(p.rate ? { rate: p.rate } : {}), ...(p.noCreditAfterMs !== undefined ? { noCreditAfterMs: p.noCreditAfterMs } : {}) }));
const offsets = fc.integer({ min: -10 * DAY, max: 60 * DAY });

describe("late penalties", () => {
  it("never lowers the penalty as the work comes in later", () => {
    fc.assert(fc.property(policies, offsets, offsets, (policy, a, b) => {
      const [early, late] = a <= b ? [a, b] : [b, a];
      expect(latePenaltyPercent(policy, dueMs + early)).toBeLessThanOrEqual(latePenaltyPercent(policy, dueMs + late));
    }));
  });

  it("keeps the penalty between 0% and 100% and the points between 0 and the raw points", () => {
    fc.assert(fc.property(policies, offsets, fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 6 }), (policy, offset, points) => {
      const graded = applyLatePolicy(grade(points), policy, { ms: dueMs + offset, source: "times-file" });
      expect(graded.late.penaltyPercent).toBeGreaterThanOrEqual(0);
      expect(graded.late.penaltyPercent).toBeLessThanOrEqual(100);
      expect(graded.points).toBeGreaterThanOrEqual(0);
      expect(graded.points).toBeLessThanOrEqual(graded.late.rawPoints);
      expect(graded.points + graded.late.deduction).toBeCloseTo(graded.late.rawPoints, 6);
    }));
  });

  it("charges nothing for work in on time or within the grace period", () => {
    fc.assert(fc.property(policies, fc.integer({ min: -10 * DAY, max: 0 }), fc.double({ min: 0, max: 1, noNaN: true }), (policy, offset, intoGrace) => {
      expect(latePenaltyPercent(policy, dueMs + offset)).toBe(0);
      expect(latePenaltyPercent(policy, dueMs + Math.floor(policy.graceMs * intoGrace))).toBe(0);
      expect(applyLatePolicy(grade([3, 2]), policy, { ms: dueMs + offset, source: "times-file" }).points).toBe(5);
    }));
  });

  it("charges every started unit, stops at the cap, and gives nothing after the last time for credit", () => {
    const policy = parseLatePolicy({ due, latePenalty: "10%/day", grace: "15m", lateCap: "50%", noCreditAfter: "14d" });
    expect(latePenaltyPercent(policy, dueMs + 10 * 60_000)).toBe(0);
    expect(latePenaltyPercent(policy, dueMs + 16 * 60_000)).toBe(10);
    expect(latePenaltyPercent(policy, dueMs + DAY + 3 * HOUR)).toBe(20);
    expect(latePenaltyPercent(policy, dueMs + 9 * DAY)).toBe(50);
    expect(latePenaltyPercent(policy, dueMs + 14 * DAY + 1000)).toBe(100);
    expect(latePenaltyPercent(parseLatePolicy({ due, latePenalty: "0.1% per hour" }), dueMs + 3 * HOUR)).toBe(0.3);
  });

  it("says how late, what it cost and where the time came from, and applies twice the same", () => {
    const policy = parseLatePolicy({ due, latePenalty: "10%/day", lateCap: "50%" });
    const once = applyLatePolicy(grade([3, 2, 2]), policy, { ms: dueMs + DAY + 3 * HOUR, source: "file-mtime" });
    expect(once.late).toMatchObject({ rawPoints: 7, penaltyPercent: 20, deduction: 1.4, timeSource: "file-mtime", summary: "submitted 1 day 3 h late: −20%" });
    expect(once.points).toBe(5.6);
    expect(applyLatePolicy(once, policy, { ms: dueMs + DAY + 3 * HOUR, source: "file-mtime" })).toEqual(once);
    expect(applyLatePolicy(grade([7]), policy, { ms: dueMs + 20 * DAY, source: "times-file" }).late.summary).toBe("submitted 20 days late: −50% (the cap)");
    expect(applyLatePolicy(grade([7]), parseLatePolicy({ due, grace: "15m" }), { ms: dueMs + 5 * 60_000, source: "times-file" }).late.summary).toBe("submitted 5 min late, within the 15 min grace period: no penalty");
    expect(applyLatePolicy(grade([7]), parseLatePolicy({ due, noCreditAfter: "2025-03-08T23:59:00Z" }), { ms: dueMs + 2 * DAY, source: "times-file" }).late.summary).toMatch(/after the last time for credit .*: no credit/);
    expect([describeDuration(2 * HOUR + 5 * 60_000), describeDuration(40_000), describeDuration(2 * DAY)]).toEqual(["2 h 5 min", "40 s", "2 days"]);
  });

  it("refuses options it cannot read, naming the option and showing a value that works", () => {
    expect(() => parseLatePolicy({ due: "2025-03-07 23:59" })).toThrow(/--due: .* with a zone; write it like 2025-03-07T23:59:00-05:00/);
    expect(() => parseLatePolicy({ due, latePenalty: "10 per day" })).toThrow(/--late-penalty: .* like 10%\/day/);
    expect(() => parseLatePolicy({ due, lateCap: "150%" })).toThrow(/--late-cap: .* 0% to 100%/);
    expect(() => parseLatePolicy({ due, grace: "soon" })).toThrow(LatePolicyError);
    expect(() => parseLatePolicy({ due, noCreditAfter: "2025-03-01T00:00:00Z" })).toThrow(/before the due time/);
    expect(parseDuration("1h30m", "x")).toBe(90 * 60_000);
  });
});

describe("submission times", () => {
  it("reads a CSV with a header, quoted fields and other columns, and names file:line for a bad row", () => {
    const times = readSubmissionTimes('\uFEFFname,student,submitted_at\r\n"Doe, Jane",jane,2025-03-08T01:00:00+01:00\r\n,bob,2025-03-07T23:00:00Z\r\n', "times.csv");
    expect([...times]).toEqual([["jane", Date.parse("2025-03-08T00:00:00Z")], ["bob", Date.parse("2025-03-07T23:00:00Z")]]);
    expect(() => readSubmissionTimes("student,time\n", "t.csv")).toThrow(/t\.csv:1: the header must name the columns student and submitted_at/);
    expect(() => readSubmissionTimes("student,submitted_at\na,2025-03-07T23:00:00Z\na,2025-03-07T23:00:00Z\n", "t.csv")).toThrow(/t\.csv:3: student "a" is listed twice/);
    expect(() => readSubmissionTimes("student,submitted_at\na,yesterday\n", "t.csv")).toThrow(/t\.csv:2: submitted_at: "yesterday"/);
  });
});
