// The late penalty: a pure function of the policy and when the work came in, applied after scoring.
// The penalty is a share of the points earned (a right answer handed in late still shows as right),
// charged for every *started* unit past the due time, as LMS late policies do: one minute past a
// 10%/day deadline costs 10%.
import type { LatePolicy } from "./late-policy.js";

/** Where a submission time came from. */
export type SubmissionTimeSource = "times-file" | "file-mtime" | "gradescope";

/** When a submission came in, and how the grader knows. */
export interface SubmissionTime {
  ms: number;
  source: SubmissionTimeSource;
}

/** What lateness did to one submission's grade. */
export interface LateResult {
  submittedAt: string;
  timeSource: SubmissionTimeSource;
  dueAt: string;
  /** How long after the due time it came in, in ms (0 when on time). */
  lateMs: number;
  /** The share of the earned points taken off, 0 to 100. */
  penaltyPercent: number;
  /** The points before the penalty. */
  rawPoints: number;
  /** The points taken off. */
  deduction: number;
  /** One line for the student, e.g. "submitted 1 day 3 h late: −20%". */
  summary: string;
}

/** A grade the late step can adjust: its exercises' points add up to the raw score. */
export interface LateAdjustable {
  points: number;
  exercises: readonly { points: number }[];
  late?: LateResult;
}

const round = (value: number, places: number): number => Math.round(value * 10 ** places) / 10 ** places;

/** The penalty in percent (0 to 100) for work submitted `submittedMs` under a policy. */
export function latePenaltyPercent(policy: LatePolicy, submittedMs: number): number {
  const lateMs = submittedMs - policy.dueMs;
  if (lateMs <= policy.graceMs) return 0;
  if (policy.noCreditAfterMs !== undefined && submittedMs > policy.noCreditAfterMs) return 100;
  if (policy.rate === undefined) return 0;
  const units = Math.ceil(lateMs / policy.rate.unitMs);
  // Rounded so that 3 × 0.1% is 0.3%, not 0.30000000000000004%.
  return Math.min(policy.capPercent, round(units * policy.rate.percent, 6), 100);
}

/** A span of time in a person's words: "1 day 3 h", "2 h 5 min", "12 min", "40 s". */
export function describeDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  const [days, hours, minutes, seconds] = [Math.floor(s / 86_400), Math.floor((s % 86_400) / 3600), Math.floor((s % 3600) / 60), s % 60];
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (days > 0) return hours > 0 ? `${plural(days, "day")} ${hours} h` : plural(days, "day");
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  if (minutes > 0) return `${minutes} min`;
  return `${seconds} s`;
}

/** Where a submission time came from, in words, for reports. */
export function describeTimeSource(source: SubmissionTimeSource): string {
  switch (source) {
    case "times-file":
      return "the submission times file";
    case "file-mtime":
      return "the notebook file's modification time (no submission time was given)";
    case "gradescope":
      return "Gradescope's submission time";
  }
}

function summary(policy: LatePolicy, lateMs: number, percent: number): string {
  if (lateMs <= 0) return "submitted on time";
  const late = `submitted ${describeDuration(lateMs)} late`;
  if (lateMs <= policy.graceMs) return `${late}, within the ${describeDuration(policy.graceMs)} grace period: no penalty`;
  if (percent === 0) return `${late}: no penalty`;
  if (policy.noCreditAfterMs !== undefined && policy.dueMs + lateMs > policy.noCreditAfterMs) return `${late}, after the last time for credit (${new Date(policy.noCreditAfterMs).toISOString()}): no credit`;
  return `${late}: −${percent}%${percent === policy.capPercent && policy.capPercent < 100 ? " (the cap)" : ""}`;
}

/**
 * A grade with the late policy applied: `points` becomes the raw points less the penalty, and `late` says
 * why. The raw points are the exercises' sum, so applying a policy twice gives the same grade.
 */
export function applyLatePolicy<G extends LateAdjustable>(grade: G, policy: LatePolicy, submitted: SubmissionTime): G & { late: LateResult } {
  const rawPoints = round(grade.exercises.reduce((sum, e) => sum + e.points, 0), 6);
  const penaltyPercent = latePenaltyPercent(policy, submitted.ms);
  const points = round(rawPoints * (1 - penaltyPercent / 100), 2);
  const lateMs = Math.max(0, submitted.ms - policy.dueMs);
  const late: LateResult = {
    submittedAt: new Date(submitted.ms).toISOString(),
    timeSource: submitted.source,
    dueAt: new Date(policy.dueMs).toISOString(),
    lateMs,
    penaltyPercent,
    rawPoints,
    deduction: round(rawPoints - points, 2),
    summary: summary(policy, lateMs, penaltyPercent),
  };
  return { ...grade, points, late };
}
