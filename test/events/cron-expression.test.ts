import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nextFireTime, parseScheduleExpression } from "minicloud";

// A cron expression is generated as data (what each field means), rendered to text, parsed by minicloud,
// and its next firing time compared with a brute-force search that checks minute after minute what the
// data says — a second, independent reading of EventBridge's rules.

type Base = { t: "star" } | { t: "value"; v: number } | { t: "range"; a: number; b: number };
type Item = Base & { step?: number };
type DomSpecial = { t: "L"; offset: number } | { t: "LW" } | { t: "W"; day: number };
type DowSpecial = { t: "nL"; wd: number } | { t: "hash"; wd: number; nth: number } | { t: "Lsat" };
interface Expr {
  minutes: Item[];
  hours: Item[];
  months: Item[];
  years: Item[];
  dom: "?" | Item[] | DomSpecial;
  dow: "?" | Item[] | DowSpecial;
  monthNames: boolean;
  dayNames: boolean;
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

function items(min: number, max: number, options: { starWeight?: number } = {}): fc.Arbitrary<Item[]> {
  const value = fc.integer({ min, max });
  const base: fc.Arbitrary<Base> = fc.oneof(
    { arbitrary: fc.constant<Base>({ t: "star" }), weight: options.starWeight ?? 1 },
    { arbitrary: value.map((v): Base => ({ t: "value", v })), weight: 2 },
    { arbitrary: fc.tuple(value, value).map(([a, b]): Base => ({ t: "range", a, b })), weight: 2 },
  );
  const item = fc.tuple(base, fc.option(fc.integer({ min: 1, max: Math.min(max - min + 1, 20) }), { nil: undefined, freq: 3 })).map(([b, step]): Item => (step === undefined ? b : { ...b, step }));
  return fc.array(item, { minLength: 1, maxLength: 3 });
}

const domSpecial: fc.Arbitrary<DomSpecial> = fc.oneof(
  fc.integer({ min: 0, max: 5 }).map((offset): DomSpecial => ({ t: "L", offset })),
  fc.constant<DomSpecial>({ t: "LW" }),
  // The edges of a month are where "nearest weekday" must not cross into another month.
  fc.oneof(fc.constantFrom(1, 2, 28, 29, 30, 31), fc.integer({ min: 1, max: 31 })).map((day): DomSpecial => ({ t: "W", day })),
);
const dowSpecial: fc.Arbitrary<DowSpecial> = fc.oneof(
  fc.integer({ min: 1, max: 7 }).map((wd): DowSpecial => ({ t: "nL", wd })),
  fc.tuple(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 5 })).map(([wd, nth]): DowSpecial => ({ t: "hash", wd, nth })),
  fc.constant<DowSpecial>({ t: "Lsat" }),
);

const expr: fc.Arbitrary<Expr> = fc
  .record({
    minutes: items(0, 59),
    hours: items(0, 23),
    months: items(1, 12, { starWeight: 6 }),
    years: fc.oneof({ arbitrary: fc.constant<Item[]>([{ t: "star" }]), weight: 4 }, { arbitrary: items(2019, 2031), weight: 1 }),
    domSide: fc.boolean(),
    domValue: fc.oneof({ arbitrary: items(1, 31, { starWeight: 3 }), weight: 2 }, { arbitrary: domSpecial, weight: 1 }),
    dowValue: fc.oneof({ arbitrary: items(1, 7, { starWeight: 3 }), weight: 2 }, { arbitrary: dowSpecial, weight: 1 }),
    monthNames: fc.boolean(),
    dayNames: fc.boolean(),
  })
  .map(({ domSide, domValue, dowValue, ...rest }) => ({ ...rest, dom: domSide ? domValue : "?", dow: domSide ? "?" : dowValue }));

function renderItems(list: Item[], names?: string[], min = 0): string {
  const v = (n: number) => (names ? names[n - min]! : String(n));
  return list
    .map((i) => {
      const base = i.t === "star" ? "*" : i.t === "value" ? v(i.v) : `${v(i.a)}-${v(i.b)}`;
      return i.step === undefined ? base : `${base}/${i.step}`;
    })
    .join(",");
}

function render(e: Expr): string {
  const dom = e.dom === "?" ? "?" : Array.isArray(e.dom) ? renderItems(e.dom) : e.dom.t === "L" ? (e.dom.offset === 0 ? "L" : `L-${e.dom.offset}`) : e.dom.t === "LW" ? "LW" : `${e.dom.day}W`;
  const dowNames = e.dayNames ? DAYS : undefined;
  const dow =
    e.dow === "?" ? "?" : Array.isArray(e.dow) ? renderItems(e.dow, dowNames, 1) : e.dow.t === "Lsat" ? "L" : e.dow.t === "nL" ? `${dowNames ? DAYS[e.dow.wd - 1] : e.dow.wd}L` : `${e.dow.wd}#${e.dow.nth}`;
  return `cron(${renderItems(e.minutes)} ${renderItems(e.hours)} ${dom} ${renderItems(e.months, e.monthNames ? MONTHS : undefined, 1)} ${dow} ${renderItems(e.years)})`;
}

/** Whether x is picked by a list: each item is a start, an end (a range may wrap past max), and a step. */
function inList(list: Item[], x: number, min: number, max: number): boolean {
  const size = max - min + 1;
  return list.some((i) => {
    const start = i.t === "star" ? min : i.t === "value" ? i.v : i.a;
    const end = i.t === "star" ? max : i.t === "range" ? i.b : i.step === undefined ? i.v : max;
    const offset = (x - start + size) % size;
    return offset <= (end - start + size) % size && offset % (i.step ?? 1) === 0;
  });
}

function isWeekday(d: Date): boolean {
  return d.getUTCDay() >= 1 && d.getUTCDay() <= 5;
}

function dayPicked(e: Expr, d: Date): boolean {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const day = d.getUTCDate();
  const inMonth = (n: number) => n >= 1 && new Date(Date.UTC(y, m, n)).getUTCMonth() === m;
  const dim = [31, 30, 29, 28].find(inMonth)!;
  const wd = d.getUTCDay() + 1;
  if (e.dom !== "?") {
    if (Array.isArray(e.dom)) return inList(e.dom, day, 1, 31);
    if (e.dom.t === "L") return day === dim - e.dom.offset;
    if (e.dom.t === "LW") {
      let last = dim;
      while (!isWeekday(new Date(Date.UTC(y, m, last)))) last--;
      return day === last;
    }
    const target = e.dom.day;
    if (!inMonth(target)) return false;
    // The weekday of the month nearest to the target day.
    let best = 0;
    for (let n = 1; n <= dim; n++) if (isWeekday(new Date(Date.UTC(y, m, n))) && (best === 0 || Math.abs(n - target) < Math.abs(best - target))) best = n;
    return day === best;
  }
  const dow = e.dow as Item[] | DowSpecial;
  if (Array.isArray(dow)) return inList(dow, wd, 1, 7);
  if (dow.t === "Lsat") return wd === 7;
  if (dow.t === "nL") return wd === dow.wd && !inMonth(day + 7);
  let count = 0;
  for (let n = 1; n <= day; n++) if (new Date(Date.UTC(y, m, n)).getUTCDay() + 1 === dow.wd) count++;
  return wd === dow.wd && count === dow.nth;
}

function fires(e: Expr, t: number): boolean {
  const d = new Date(t);
  return (
    inList(e.minutes, d.getUTCMinutes(), 0, 59) &&
    inList(e.hours, d.getUTCHours(), 0, 23) &&
    inList(e.months, d.getUTCMonth() + 1, 1, 12) &&
    inList(e.years, d.getUTCFullYear(), 1970, 2199) &&
    dayPicked(e, d)
  );
}

const MINUTE = 60_000;
const HORIZON_MINUTES = 45 * 24 * 60;

describe("EventBridge cron expressions", () => {
  it("fire at the first minute a brute-force matcher finds, for generated expressions and start times", () => {
    fc.assert(
      fc.property(expr, fc.integer({ min: Date.UTC(2019, 0, 1), max: Date.UTC(2030, 11, 31) }), (e, start) => {
        const text = render(e);
        const next = nextFireTime(parseScheduleExpression(text), start, start);
        let found: number | undefined;
        const dayCache = new Map<number, boolean>();
        for (let t = Math.floor(start / MINUTE) * MINUTE + MINUTE, n = 0; n < HORIZON_MINUTES; t += MINUTE, n++) {
          const day = Math.floor(t / 86_400_000);
          if (!dayCache.has(day)) dayCache.set(day, dayPicked(e, new Date(t)));
          if (dayCache.get(day) && fires(e, t)) {
            found = t;
            break;
          }
        }
        if (found !== undefined) expect(next === undefined ? undefined : new Date(next).toISOString(), text).toBe(new Date(found).toISOString());
        else expect(next === undefined || next > start + HORIZON_MINUTES * MINUTE, text).toBe(true);
        if (next !== undefined) expect(fires(e, next), `${text} at ${new Date(next).toISOString()}`).toBe(true);
      }),
      { numRuns: 500, seed: 20190601 },
    );
  });

  it("picks the same days of a month as the brute-force matcher, for every day rule", () => {
    const days = fc.record({
      domSide: fc.boolean(),
      domValue: fc.oneof(items(1, 31), domSpecial),
      dowValue: fc.oneof(items(1, 7), dowSpecial),
      dayNames: fc.boolean(),
    });
    fc.assert(
      fc.property(days, fc.integer({ min: 1970, max: 2198 }), fc.integer({ min: 0, max: 11 }), ({ domSide, domValue, dowValue, dayNames }, year, month) => {
        const e: Expr = { minutes: [{ t: "value", v: 0 }], hours: [{ t: "value", v: 0 }], months: [{ t: "star" }], years: [{ t: "star" }], monthNames: false, dayNames, dom: domSide ? domValue : "?", dow: domSide ? "?" : dowValue };
        const schedule = parseScheduleExpression(render(e));
        const first = Date.UTC(year, month, 1);
        const end = Date.UTC(year, month + 1, 1);
        const ours: number[] = [];
        for (let t = nextFireTime(schedule, first - 1, 0); t !== undefined && t < end; t = nextFireTime(schedule, t, 0)) ours.push(new Date(t).getUTCDate());
        const expected: number[] = [];
        for (let t = first; t < end; t += 86_400_000) if (dayPicked(e, new Date(t))) expected.push(new Date(t).getUTCDate());
        expect(ours, render(e)).toEqual(expected);
      }),
      { numRuns: 2000, seed: 20190602 },
    );
  });

  it("fires when AWS's documented examples say", () => {
    const next = (expression: string, from: string) => new Date(nextFireTime(parseScheduleExpression(expression), Date.parse(from), Date.parse(from))!).toISOString();
    expect(next("cron(0 10 * * ? *)", "2019-06-01T10:00:00Z")).toBe("2019-06-02T10:00:00.000Z");
    expect(next("cron(15 12 * * ? *)", "2019-06-01T00:00:00Z")).toBe("2019-06-01T12:15:00.000Z");
    expect(next("cron(0 18 ? * MON-FRI *)", "2019-06-01T00:00:00Z")).toBe("2019-06-03T18:00:00.000Z"); // 1 June 2019 was a Saturday
    expect(next("cron(0 8 1 * ? *)", "2019-06-01T09:00:00Z")).toBe("2019-07-01T08:00:00.000Z");
    expect(next("cron(0/15 * * * ? *)", "2019-06-01T00:07:30Z")).toBe("2019-06-01T00:15:00.000Z");
    expect(next("cron(0/5 8-17 ? * MON-FRI *)", "2019-06-07T17:56:00Z")).toBe("2019-06-10T08:00:00.000Z");
    expect(next("cron(0 9 ? * 2#1 *)", "2019-06-01T00:00:00Z")).toBe("2019-06-03T09:00:00.000Z");
    expect(next("cron(0 12 L * ? *)", "2019-02-01T00:00:00Z")).toBe("2019-02-28T12:00:00.000Z");
    expect(next("cron(0 12 LW * ? *)", "2019-06-01T00:00:00Z")).toBe("2019-06-28T12:00:00.000Z"); // 30 June 2019 was a Sunday
    expect(next("cron(0 12 1W * ? *)", "2019-06-01T00:00:00Z")).toBe("2019-06-03T12:00:00.000Z"); // the 1st a Saturday: Monday the 3rd
    expect(next("cron(0 12 ? * 6L *)", "2019-06-01T00:00:00Z")).toBe("2019-06-28T12:00:00.000Z");
    expect(next("cron(30 23 ? * fri-mon 2020)", "2019-06-01T00:00:00Z")).toBe("2020-01-03T23:30:00.000Z");
    expect(nextFireTime(parseScheduleExpression("cron(0 0 1 1 ? 2019)"), Date.parse("2019-06-01T00:00:00Z"), 0)).toBeUndefined();
    expect(next("rate(5 minutes)", "2019-06-01T00:00:00Z")).toBe("2019-06-01T00:05:00.000Z");
    expect(new Date(nextFireTime(parseScheduleExpression("rate(1 hour)"), Date.parse("2019-06-01T03:00:00Z"), Date.parse("2019-06-01T00:30:00Z"))!).toISOString()).toBe(
      "2019-06-01T03:30:00.000Z",
    );
  });

  it("rejects an invalid expression with a ValidationException naming the field and why", () => {
    const error = (expression: string) => {
      try {
        parseScheduleExpression(expression);
      } catch (e) {
        return e as Error & { field?: string };
      }
      throw new Error(`expected ${expression} to be refused`);
    };
    for (const [expression, says] of [
      ["cron(0 12 * * ?)", "it has 5 fields"],
      ["cron(60 * * * ? *)", "field 1 (minutes, 0-59): 60 is out of range"],
      ["cron(0 24 * * ? *)", "field 2 (hours, 0-23): 24 is out of range"],
      ["cron(0 12 32 * ? *)", "field 3 (day-of-month, 1-31): 32 is out of range"],
      ["cron(0 12 * 13 ? *)", "field 4 (month, 1-12 or JAN-DEC): 13 is out of range"],
      ["cron(0 12 ? * MOX *)", 'field 5 (day-of-week, 1-7 or SUN-SAT): "MOX" is not a number or a name'],
      ["cron(0 12 ? * * 2200)", "field 6 (year, 1970-2199): 2200 is out of range"],
      ["cron(0 12 * * * *)", "one of them must be ?"],
      ["cron(0 12 ? * ? *)", "cannot both be ?"],
      ["cron(0 12 ? * 2#6 *)", "must be 1 to 5"],
      ["cron(0 12 1W,15 * ? *)", "cannot be combined"],
      ["cron(0/0 * * * ? *)", "increment"],
      ["cron(0 12 1-2-3 * ? *)", "not a range"],
      ["cron(0 12 5X * ? *)", 'field 3 (day-of-month, 1-31): "5X" is not a number'],
      ["rate(5 minute)", "plural"],
      ["rate(1 minutes)", "singular"],
      ["rate(0 minutes)", "positive whole number"],
      ["rate(5 weeks)", "minute(s), hour(s) or day(s)"],
      ["every 5 minutes", "rate(value unit)"],
    ] as const) {
      const e = error(expression);
      expect(e, expression).toMatchObject({ name: "ValidationException", field: "ScheduleExpression" });
      expect(e.message, expression).toContain(says);
    }
  });
});
