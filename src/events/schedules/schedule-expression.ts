import { MinicloudError } from "../../core/errors.js";
import { nextCronTime, parseCron, type CronSchedule } from "./cron-expression.js";

/** A parsed ScheduleExpression: `rate(value unit)` or `cron(...)`. */
export type ScheduleExpression = { kind: "rate"; text: string; periodMs: number } | { kind: "cron"; text: string; cron: CronSchedule };

const UNITS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

function invalid(text: string, why: string): MinicloudError {
  return new MinicloudError("ValidationException", `Parameter ScheduleExpression is not valid: ${text}: ${why}`, { field: "ScheduleExpression", statusCode: 400 });
}

/**
 * Parses an EventBridge schedule expression: `rate(5 minutes)` (a whole number and minute(s), hour(s) or
 * day(s), singular for 1) or `cron(minutes hours day-of-month month day-of-week year)` in UTC.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html
 */
export function parseScheduleExpression(text: unknown): ScheduleExpression {
  if (typeof text !== "string") throw invalid(String(text), "write rate(5 minutes) or cron(0 12 * * ? *).");
  const cron = /^cron\((.*)\)$/.exec(text);
  if (cron) return { kind: "cron", text, cron: parseCron(cron[1]!) };
  const rate = /^rate\((.*)\)$/.exec(text);
  if (!rate) throw invalid(text, "a schedule is rate(value unit), e.g. rate(5 minutes), or cron(...) with six fields, e.g. cron(0 12 * * ? *).");
  const [value, unit, extra] = rate[1]!.trim().split(/\s+/);
  if (extra !== undefined || unit === undefined) throw invalid(text, "rate takes a value and a unit, e.g. rate(5 minutes).");
  if (!/^\d+$/.test(value!) || Number(value) < 1) throw invalid(text, `the value must be a positive whole number; got ${value}.`);
  const n = Number(value);
  const singular = unit.replace(/s$/, "");
  if (!(singular in UNITS)) throw invalid(text, `the unit must be minute(s), hour(s) or day(s); got ${unit}.`);
  if (n === 1 && unit !== singular) throw invalid(text, `for a value of 1 the unit is singular: rate(1 ${singular}).`);
  if (n !== 1 && unit === singular) throw invalid(text, `for a value above 1 the unit is plural: rate(${n} ${singular}s).`);
  return { kind: "rate", text, periodMs: n * UNITS[singular]! };
}

/**
 * When a schedule next fires after `afterMs`: a cron schedule at its next matching minute; a rate every
 * period from `anchorMs` (when the rule was created or enabled). Undefined when it never fires again.
 */
export function nextFireTime(schedule: ScheduleExpression, afterMs: number, anchorMs: number): number | undefined {
  if (schedule.kind === "cron") return nextCronTime(schedule.cron, afterMs);
  const periods = Math.floor((afterMs - anchorMs) / schedule.periodMs) + 1;
  return anchorMs + Math.max(1, periods) * schedule.periodMs;
}
