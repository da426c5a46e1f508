// A late policy as an instructor writes it on the command line — `--due 2025-03-07T23:59:00-05:00
// --late-penalty 10%/day --grace 15m --late-cap 50% --no-credit-after 7d` — read into numbers, with an
// error that names the option and shows a value that works.

/** A late-policy option the grader cannot read; the message names the option and gives an example. */
export class LatePolicyError extends Error {
  override name = "LatePolicyError";
}

/** How lateness is charged: `percent` of the points earned for every started `unitMs` past the due time. */
export interface LateRate {
  percent: number;
  unitMs: number;
  /** The unit as the instructor wrote it, for messages (`day`, `hour`...). */
  unit: string;
}

/** When work is due and what lateness costs. Times are ms since the epoch. */
export interface LatePolicy {
  dueMs: number;
  rate?: LateRate;
  /** Lateness up to this much counts as on time. */
  graceMs: number;
  /** The largest penalty, in percent (100 when not capped). */
  capPercent: number;
  /** Work submitted after this time earns nothing. */
  noCreditAfterMs?: number;
}

const UNITS: Record<string, { ms: number; name: string }> = {
  s: { ms: 1000, name: "second" },
  sec: { ms: 1000, name: "second" },
  second: { ms: 1000, name: "second" },
  seconds: { ms: 1000, name: "second" },
  m: { ms: 60_000, name: "minute" },
  min: { ms: 60_000, name: "minute" },
  minute: { ms: 60_000, name: "minute" },
  minutes: { ms: 60_000, name: "minute" },
  h: { ms: 3_600_000, name: "hour" },
  hr: { ms: 3_600_000, name: "hour" },
  hour: { ms: 3_600_000, name: "hour" },
  hours: { ms: 3_600_000, name: "hour" },
  d: { ms: 86_400_000, name: "day" },
  day: { ms: 86_400_000, name: "day" },
  days: { ms: 86_400_000, name: "day" },
  w: { ms: 604_800_000, name: "week" },
  week: { ms: 604_800_000, name: "week" },
  weeks: { ms: 604_800_000, name: "week" },
};

// A zone is required: "2025-03-07T23:59" alone would mean the grading machine's zone, which is often not the class's.
const ISO_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** Reads an ISO-8601 time with a zone (`2025-03-07T23:59:00-05:00`, `...Z`) into ms since the epoch. */
export function parseIsoTime(text: string, what: string): number {
  const ms = ISO_TIME.test(text.trim()) ? Date.parse(text.trim().replace(" ", "T")) : NaN;
  if (Number.isNaN(ms)) throw new LatePolicyError(`${what}: "${text}" is not an ISO-8601 time with a zone; write it like 2025-03-07T23:59:00-05:00 or 2025-03-08T04:59:00Z.`);
  return ms;
}

/** Reads a duration such as `15m`, `2h`, `1d`, `1h30m` or `90s` into ms. */
export function parseDuration(text: string, what: string): number {
  const parts = [...text.trim().toLowerCase().matchAll(/(\d+(?:\.\d+)?)\s*([a-z]+)\s*/g)];
  const whole = parts.map((p) => p[0]).join("") === text.trim().toLowerCase() && parts.length > 0;
  if (!whole || parts.some((p) => UNITS[p[2]!] === undefined)) {
    throw new LatePolicyError(`${what}: "${text}" is not a duration; write it like 15m, 2h, 1d or 1h30m (units s, m, h, d, w).`);
  }
  return parts.reduce((sum, p) => sum + Number(p[1]) * UNITS[p[2]!]!.ms, 0);
}

function parsePercent(text: string, what: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*%$/.exec(text.trim());
  const percent = match ? Number(match[1]) : NaN;
  if (!(percent >= 0 && percent <= 100)) throw new LatePolicyError(`${what}: "${text}" is not a percentage from 0% to 100%; write it like 50%.`);
  return percent;
}

/** Reads a rate such as `10%/day`, `2%/hour` or `0.5% per minute`. */
export function parseLateRate(text: string): LateRate {
  const match = /^(\d+(?:\.\d+)?)\s*%\s*(?:\/|per\s+)\s*([a-z]+)$/i.exec(text.trim());
  const unit = match ? UNITS[match[2]!.toLowerCase()] : undefined;
  const percent = match ? Number(match[1]) : NaN;
  if (unit === undefined || !(percent > 0 && percent <= 100)) {
    throw new LatePolicyError(`--late-penalty: "${text}" is not a rate; write it like 10%/day or 2%/hour (a percentage above 0, per minute, hour, day or week).`);
  }
  return { percent, unitMs: unit.ms, unit: unit.name };
}

/** The late options as given on the command line (all text, all optional but `due`). */
export interface LatePolicyOptions {
  due: string;
  latePenalty?: string;
  grace?: string;
  lateCap?: string;
  /** An ISO time, or a duration after the due time (`7d`). */
  noCreditAfter?: string;
}

/** Reads the late options into a policy; every problem is an error naming its option. */
export function parseLatePolicy(options: LatePolicyOptions): LatePolicy {
  const dueMs = parseIsoTime(options.due, "--due");
  const after = options.noCreditAfter?.trim();
  const noCreditAfterMs = after === undefined ? undefined : /^\d{4}-/.test(after) ? parseIsoTime(after, "--no-credit-after") : dueMs + parseDuration(after, "--no-credit-after");
  if (noCreditAfterMs !== undefined && noCreditAfterMs < dueMs) throw new LatePolicyError(`--no-credit-after: "${options.noCreditAfter}" is before the due time ${options.due}; give a later time or a duration after it, like 7d.`);
  return {
    dueMs,
    graceMs: options.grace === undefined ? 0 : parseDuration(options.grace, "--grace"),
    capPercent: options.lateCap === undefined ? 100 : parsePercent(options.lateCap, "--late-cap"),
    ...(options.latePenalty !== undefined ? { rate: parseLateRate(options.latePenalty) } : {}),
    ...(noCreditAfterMs !== undefined ? { noCreditAfterMs } : {}),
  };
}
