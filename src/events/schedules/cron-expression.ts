import { MinicloudError } from "../../core/errors.js";

/** The six fields of an EventBridge cron expression, in order, with their ranges. */
const FIELDS = [
  { name: "minutes", min: 0, max: 59 },
  { name: "hours", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"] },
  { name: "day-of-week", min: 1, max: 7, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] },
  { name: "year", min: 1970, max: 2199 },
] as const;

type Field = (typeof FIELDS)[number];

/** Which days a day-of-month or day-of-week field picks, beyond a plain set of values. */
type DaySpec =
  | { kind: "any" }
  | { kind: "values"; values: Set<number> }
  | { kind: "last-day"; offset: number }
  | { kind: "last-weekday" }
  | { kind: "nearest-weekday"; day: number }
  | { kind: "last-of-week"; weekday: number }
  | { kind: "nth-of-week"; weekday: number; nth: number };

/** A parsed cron expression: the sets of minutes, hours, months and years, and the day rules. */
export interface CronSchedule {
  readonly text: string;
  readonly minutes: Set<number>;
  readonly hours: Set<number>;
  readonly months: Set<number>;
  readonly years: Set<number>;
  readonly dayOfMonth: DaySpec;
  readonly dayOfWeek: DaySpec;
}

function invalid(expression: string, field: Field | undefined, why: string): MinicloudError {
  const where = field ? `field ${FIELDS.indexOf(field) + 1} (${field.name}, ${field.min}-${field.max}${"names" in field ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}` : ""}): ` : "";
  return new MinicloudError("ValidationException", `Parameter ScheduleExpression is not valid: cron(${expression}): ${where}${why}`, { field: "ScheduleExpression", statusCode: 400 });
}

/**
 * Parses an EventBridge cron expression (the text inside `cron(...)`): six fields — minutes, hours,
 * day-of-month, month, day-of-week, year — in UTC, with `,` lists, `-` ranges (which may wrap, as
 * `FRI-MON`), `/` increments, `*`, names (JAN–DEC, SUN–SAT; day-of-week 1 is Sunday), `?` in exactly one
 * of the two day fields, `L` (last day of the month; `L-3`; `5L` last Thursday; `L` alone in day-of-week
 * is Saturday), `W` (`15W` nearest weekday, `LW` last weekday) and `#` (`2#1` first Monday). An invalid
 * expression is a ValidationException that names the field and says why.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html#eb-cron-expressions
 */
export function parseCron(expression: string): CronSchedule {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 6 || expression.trim() === "") {
    throw invalid(expression, undefined, `it has ${expression.trim() === "" ? 0 : parts.length} fields; EventBridge's cron has six: minutes hours day-of-month month day-of-week year, e.g. cron(0 12 * * ? *).`);
  }
  const [minute, hour, dom, month, dow, year] = parts as [string, string, string, string, string, string];
  const fail = (field: Field, why: string): never => {
    throw invalid(expression, field, why);
  };

  const value = (field: Field, token: string): number => {
    const upper = token.toUpperCase();
    const named = "names" in field ? (field.names as readonly string[]).indexOf(upper) : -1;
    if (named >= 0) return named + field.min;
    if (!/^\d+$/.test(token)) fail(field, `"${token}" is not a number${"names" in field ? " or a name" : ""}.`);
    const n = Number(token);
    if (n < field.min || n > field.max) fail(field, `${n} is out of range (${field.min}-${field.max}).`);
    return n;
  };

  /** A plain field: a list of `*`, values, ranges, with optional increments. */
  const values = (field: Field, text: string): Set<number> => {
    const out = new Set<number>();
    const size = field.max - field.min + 1;
    for (const item of text.split(",")) {
      if (item === "") fail(field, `"${text}" has an empty list item.`);
      const [range, stepText, extra] = item.split("/");
      if (extra !== undefined) fail(field, `"${item}" has more than one "/".`);
      let step = 1;
      if (stepText !== undefined) {
        if (!/^\d+$/.test(stepText) || Number(stepText) < 1 || Number(stepText) > size) fail(field, `the increment in "${item}" must be a whole number from 1 to ${size}.`);
        step = Number(stepText);
      }
      let start: number;
      let end: number;
      if (range === "*") [start, end] = [field.min, field.max];
      else if (range!.includes("-")) {
        const [a, b, more] = range!.split("-");
        if (more !== undefined || a === "" || b === "") fail(field, `"${item}" is not a range like 1-5.`);
        [start, end] = [value(field, a!), value(field, b!)];
      } else {
        start = value(field, range!);
        end = stepText === undefined ? start : field.max;
      }
      // A range may wrap past the field's end (FRI-MON, 22-2): count steps from its start.
      const span = (end - start + size) % size;
      for (let offset = 0; offset <= span; offset += step) out.add(((start - field.min + offset) % size) + field.min);
    }
    return out;
  };

  const alone = (field: Field, text: string, what: string): void => {
    if (text.includes(",")) fail(field, `${what} ("${text}") cannot be combined with other values in a list.`);
  };

  const dayOfMonth = (text: string): DaySpec => {
    const field = FIELDS[2];
    if (text === "?") return { kind: "any" };
    const upper = text.toUpperCase();
    if (upper.includes("L") || upper.includes("W")) {
      alone(field, text, "L or W");
      if (upper === "L") return { kind: "last-day", offset: 0 };
      if (upper === "LW") return { kind: "last-weekday" };
      const offset = /^L-(\d+)$/.exec(upper);
      if (offset) return Number(offset[1]) <= 30 ? { kind: "last-day", offset: Number(offset[1]) } : fail(field, `the offset in "${text}" must be at most 30.`);
      const weekday = /^(\d+)W$/.exec(upper);
      if (weekday) return { kind: "nearest-weekday", day: value(field, weekday[1]!) };
      fail(field, `"${text}" is not L, L-n, LW or nW (the weekday nearest day n).`);
    }
    return { kind: "values", values: values(field, text) };
  };

  const dayOfWeek = (text: string): DaySpec => {
    const field = FIELDS[4];
    if (text === "?") return { kind: "any" };
    const upper = text.toUpperCase();
    if (upper.includes("#")) {
      alone(field, text, "#");
      const [day, nth, more] = upper.split("#");
      if (more !== undefined || !/^[1-5]$/.test(nth ?? "")) fail(field, `in "${text}" the number after # must be 1 to 5 (2#1 is the first Monday of the month).`);
      return { kind: "nth-of-week", weekday: value(field, day!), nth: Number(nth) };
    }
    if (upper === "L") return { kind: "values", values: new Set([7]) };
    if (upper.endsWith("L")) {
      alone(field, text, "L");
      return { kind: "last-of-week", weekday: value(field, upper.slice(0, -1)) };
    }
    return { kind: "values", values: values(field, text) };
  };

  const schedule: CronSchedule = {
    text: expression,
    minutes: values(FIELDS[0], minute),
    hours: values(FIELDS[1], hour),
    dayOfMonth: dayOfMonth(dom),
    months: values(FIELDS[3], month),
    dayOfWeek: dayOfWeek(dow),
    years: values(FIELDS[5], year),
  };
  if ((dom === "?") === (dow === "?")) {
    fail(
      dom === "?" ? FIELDS[4] : FIELDS[2],
      dom === "?"
        ? "day-of-month and day-of-week cannot both be ?: give one of them a value or *."
        : `day-of-month (${dom}) and day-of-week (${dow}) cannot both be given: one of them must be ?, e.g. cron(0 12 * * ? *).`,
    );
  }
  return schedule;
}

/** Days in a month (1-12) of a year, UTC. */
function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The weekday (1 Sunday … 7 Saturday) of a date. */
function weekday(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
}

/** The weekday nearest to `day` within its month (Saturday → Friday, Sunday → Monday, never crossing the month). */
function nearestWeekday(year: number, month: number, day: number): number {
  const last = daysIn(year, month);
  const dow = weekday(year, month, day);
  if (dow === 7) return day === 1 ? 3 : day - 1;
  if (dow === 1) return day === last ? day - 2 : day + 1;
  return day;
}

function dayMatches(spec: DaySpec, year: number, month: number, day: number): boolean {
  const last = daysIn(year, month);
  switch (spec.kind) {
    case "any":
      return true;
    case "values":
      return spec.values.has(day);
    case "last-day":
      return day === last - spec.offset;
    case "last-weekday":
      return day === nearestWeekday(year, month, last);
    case "nearest-weekday":
      return spec.day <= last && day === nearestWeekday(year, month, spec.day);
    case "last-of-week":
      return weekday(year, month, day) === spec.weekday && day + 7 > last;
    case "nth-of-week":
      return weekday(year, month, day) === spec.weekday && Math.ceil(day / 7) === spec.nth;
  }
}

/** Whether the schedule fires on a day (the day-of-week field counts through its own spec). */
function onDay(schedule: CronSchedule, year: number, month: number, day: number): boolean {
  if (schedule.dayOfMonth.kind !== "any") return dayMatches(schedule.dayOfMonth, year, month, day);
  if (schedule.dayOfWeek.kind === "values") return schedule.dayOfWeek.values.has(weekday(year, month, day));
  return dayMatches(schedule.dayOfWeek, year, month, day);
}

const MINUTE = 60_000;

/** The first minute strictly after `afterMs` (epoch ms) at which the schedule fires, or undefined if it never does again. */
export function nextCronTime(schedule: CronSchedule, afterMs: number): number | undefined {
  const start = new Date(Math.floor(afterMs / MINUTE) * MINUTE + MINUTE);
  const first = { year: start.getUTCFullYear(), month: start.getUTCMonth() + 1, day: start.getUTCDate(), hour: start.getUTCHours(), minute: start.getUTCMinutes() };
  const sorted = (set: Set<number>) => [...set].sort((a, b) => a - b);
  const [minutes, hours, months] = [sorted(schedule.minutes), sorted(schedule.hours), sorted(schedule.months)];
  for (const year of sorted(schedule.years)) {
    if (year < first.year) continue;
    const sameYear = year === first.year;
    for (const month of months) {
      if (sameYear && month < first.month) continue;
      const sameMonth = sameYear && month === first.month;
      for (let day = sameMonth ? first.day : 1; day <= daysIn(year, month); day++) {
        if (!onDay(schedule, year, month, day)) continue;
        const sameDay = sameMonth && day === first.day;
        for (const hour of hours) {
          if (sameDay && hour < first.hour) continue;
          const sameHour = sameDay && hour === first.hour;
          const minute = minutes.find((m) => !sameHour || m >= first.minute);
          if (minute !== undefined) return Date.UTC(year, month - 1, day, hour, minute);
        }
      }
    }
  }
  return undefined;
}
