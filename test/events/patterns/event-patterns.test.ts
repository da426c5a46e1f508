import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createEventBridge, createVirtualClock } from "minicloud";
import { busEvent } from "../../support/bus-events.js";

// Event patterns through EventBridge's TestEventPattern, the API a learner uses to try one.
const events = createEventBridge({ clock: createVirtualClock(), deliver: async () => true });

/** An event on a bus with the given detail and extra fields. */
const eventWith = (detail: unknown, extra: Record<string, unknown> = {}) => busEvent(detail, extra);
const matches = async (pattern: unknown, event: unknown) => (await events.testEventPattern({ EventPattern: JSON.stringify(pattern), Event: JSON.stringify(event) })).Result;
const refusal = (pattern: unknown) => events.testEventPattern({ EventPattern: JSON.stringify(pattern), Event: JSON.stringify(eventWith({})) }).then(() => "accepted", (e: Error) => `${e.name}: ${e.message}`);

describe("event patterns", () => {
  it("match exact values, with a list meaning any of them, and every listed field must match", async () => {
    const event = eventWith({ state: "running", size: 5, flag: false, note: null });
    expect(await matches({ source: ["com.example.orders"], detail: { state: ["stopped", "running"] } }, event)).toBe(true);
    expect(await matches({ source: ["com.example.orders"], detail: { state: ["stopped"] } }, event)).toBe(false);
    expect(await matches({ detail: { size: [5], flag: [false], note: [null] } }, event)).toBe(true);
    expect(await matches({ detail: { size: ["5"] } }, event)).toBe(false);
    expect(await matches({ detail: { missing: ["x"] } }, event)).toBe(false);
    expect(await matches({ "detail-type": ["order placed"] }, event)).toBe(false);
  });

  it("take every operator of EventBridge's content filtering", async () => {
    const event = eventWith({ state: "INITIALIZING", file: "photos/cat.PNG", ip: "10.0.0.33", count: 3, tags: ["a", "b"] });
    const cases: [unknown, boolean][] = [
      [{ detail: { state: [{ prefix: "INIT" }] } }, true],
      [{ detail: { state: [{ prefix: { "equals-ignore-case": "init" } }] } }, true],
      [{ detail: { file: [{ suffix: ".png" }] } }, false],
      [{ detail: { file: [{ suffix: { "equals-ignore-case": ".png" } }] } }, true],
      [{ detail: { state: [{ "equals-ignore-case": "initializing" }] } }, true],
      [{ detail: { file: [{ wildcard: "photos/*.PNG" }] } }, true],
      [{ detail: { file: [{ wildcard: "*/dogs/*" }] } }, false],
      [{ detail: { state: [{ "anything-but": ["RUNNING", "STOPPED"] }] } }, true],
      [{ detail: { state: [{ "anything-but": { prefix: "INIT" } }] } }, false],
      [{ detail: { file: [{ "anything-but": { wildcard: "*.gif" } }] } }, true],
      [{ detail: { state: [{ "anything-but": { "equals-ignore-case": "initializing" } }] } }, false],
      [{ detail: { count: [{ numeric: [">", 0, "<=", 5] }] } }, true],
      [{ detail: { count: [{ numeric: ["=", 4] }] } }, false],
      [{ detail: { ip: [{ cidr: "10.0.0.0/24" }] } }, true],
      [{ detail: { ip: [{ cidr: "10.0.1.0/24" }] } }, false],
      [{ detail: { state: [{ exists: true }], other: [{ exists: false }] } }, true],
      [{ detail: { tags: ["b"] } }, true],
      [{ detail: { $or: [{ count: [{ numeric: [">", 10] }] }, { tags: ["a"] }] } }, true],
      [{ detail: { $or: [{ count: [{ numeric: [">", 10] }] }, { tags: ["z"] }] } }, false],
    ];
    for (const [pattern, expected] of cases) expect([pattern, await matches(pattern, event)]).toEqual([pattern, expected]);
  });

  it("crush arrays of objects but never combine fields of different elements", async () => {
    const event = eventWith({ employees: [{ first: "John", last: "Doe" }, { first: "Anna", last: "Smith" }] });
    expect(await matches({ detail: { employees: { first: ["Anna"] } } }, event)).toBe(true);
    expect(await matches({ detail: { employees: { first: ["Anna"], last: ["Smith"] } } }, event)).toBe(true);
    expect(await matches({ detail: { employees: { first: ["Anna"], last: ["Doe"] } } }, event)).toBe(false);
  });

  it("treat exists as about leaf values: an object or an empty list is not one", async () => {
    const event = eventWith({ nested: { inner: 1 }, none: [] });
    expect(await matches({ detail: { nested: [{ exists: true }] } }, event)).toBe(false);
    expect(await matches({ detail: { nested: [{ exists: false }] } }, event)).toBe(true);
    expect(await matches({ detail: { none: [{ exists: true }] } }, event)).toBe(false);
    expect(await matches({ detail: { "nested.inner": [1] } }, event)).toBe(true);
  });

  it("refuse bad patterns with InvalidEventPatternException, Event Ruler's reason and the path", async () => {
    const cases: [unknown, string][] = [
      [["source"], "Filter is not an object"],
      [{ source: "com.example" }, '"source" must be an object or an array'],
      [{ source: [] }, "Empty arrays are not allowed"],
      [{ detail: {} }, "Empty objects are not allowed"],
      [{ detail: { n: [{ numeric: [">", 0, ">", 5] }] } }, "Bad numeric range operator: > (at detail.n[0])"],
      [{ detail: { n: [{ numeric: ["<", "ten"] }] } }, "Value of < must be numeric"],
      [{ detail: { s: [{ PREFIX: "a" }] } }, "Unrecognized match type PREFIX"],
      [{ detail: { s: [{ prefix: 7 }] } }, "prefix match pattern must be a string"],
      [{ detail: { s: [{ prefix: "a", suffix: "b" }] } }, "Only one key allowed in match expression"],
      [{ detail: { s: [{ wildcard: "a**b" }] } }, "Consecutive wildcard characters at pos 2"],
      [{ detail: { s: [{ "anything-but": ["a", 1] }] } }, "mixed type is not supported"],
      [{ detail: { s: [{ "anything-but": { prefix: "" } }] } }, "Null prefix/suffix not allowed"],
      [{ detail: { s: [{ cidr: "10.0.0.0" }] } }, "Malformed CIDR, one '/' required"],
      [{ detail: { s: [{ exists: "yes" }] } }, "exists match pattern must be either true or false."],
      [{ $or: [{ a: ["x"] }] }, "There must have at least 2 Objects in $or relationship."],
      [{ s: [["nested"]] }, "Match value must be String, number, true, false, or null"],
    ];
    for (const [pattern, reason] of cases) {
      expect(await refusal(pattern)).toMatch(new RegExp(`^InvalidEventPatternException: Event pattern is not valid\\. Reason: .*${reason.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    }
    await expect(events.testEventPattern({ EventPattern: "{not json", Event: "{}" })).rejects.toMatchObject({ name: "InvalidEventPatternException", field: "EventPattern" });
    await expect(events.testEventPattern({ EventPattern: JSON.stringify({ source: ["x"] }), Event: JSON.stringify({ source: "x" }) })).rejects.toMatchObject({
      name: "ValidationException",
      field: "Event",
      message: expect.stringContaining("missing: id, account, time, region, detail-type"),
    });
  });
});

// The matcher against simple, independent statements of each rule, on generated values.
describe("event pattern matching (properties)", () => {
  const word = fc.stringMatching(/^[a-zA-Z0-9 ._-]{0,8}$/);
  const scalar = fc.oneof(word, fc.integer({ min: -50, max: 50 }), fc.boolean(), fc.constant(null));
  const holds = <T extends unknown[]>(property: fc.IAsyncPropertyWithHooks<T>) => fc.assert(property, { numRuns: 150, seed: 20190601 });

  it("a list of values matches exactly when it holds the event's value", () =>
    holds(fc.asyncProperty(scalar, fc.array(scalar, { minLength: 1, maxLength: 4 }), async (v, list) => {
      expect(await matches({ detail: { k: list } }, eventWith({ k: v }))).toBe(list.includes(v));
    })));

  it("anything-but matches every present value but the excluded, and never a missing one", () =>
    holds(fc.asyncProperty(scalar, fc.array(word, { minLength: 1, maxLength: 3 }), async (v, excluded) => {
      expect(await matches({ detail: { k: [{ "anything-but": excluded }] } }, eventWith({ k: v }))).toBe(!excluded.includes(v as string));
      expect(await matches({ detail: { k: [{ "anything-but": excluded }] } }, eventWith({}))).toBe(false);
    })));

  it("a numeric range holds exactly the numbers in it", () =>
    holds(fc.asyncProperty(fc.integer({ min: -100, max: 100 }), fc.integer({ min: 1, max: 50 }), fc.oneof(fc.integer({ min: -200, max: 200 }), word), async (low, width, v) => {
      const inRange = typeof v === "number" && v > low && v <= low + width;
      expect(await matches({ detail: { k: [{ numeric: [">", low, "<=", low + width] }] } }, eventWith({ k: v }))).toBe(inRange);
    })));

  it("prefix, suffix and equals-ignore-case agree with string comparisons", () =>
    holds(fc.asyncProperty(word, word, async (v, affix) => {
      expect(await matches({ detail: { k: [{ prefix: affix }] } }, eventWith({ k: v }))).toBe(v.startsWith(affix));
      expect(await matches({ detail: { k: [{ suffix: affix }] } }, eventWith({ k: v }))).toBe(v.endsWith(affix));
      expect(await matches({ detail: { k: [{ prefix: { "equals-ignore-case": affix } }] } }, eventWith({ k: v }))).toBe(v.toLowerCase().startsWith(affix.toLowerCase()));
      expect(await matches({ detail: { k: [{ "equals-ignore-case": affix }] } }, eventWith({ k: v }))).toBe(v.toLowerCase() === affix.toLowerCase());
    })));

  it("a wildcard made by starring parts of a value matches it; without stars it is equality", () =>
    holds(fc.asyncProperty(word, fc.array(fc.nat(), { maxLength: 3 }), word, async (v, cuts, other) => {
      let starred = v;
      for (const cut of cuts) {
        const at = starred.length === 0 ? 0 : cut % starred.length;
        if (![starred[at - 1], starred[at], starred[at + 1]].includes("*")) starred = `${starred.slice(0, at)}*${starred.slice(at + 1)}`;
      }
      expect(await matches({ detail: { k: [{ wildcard: starred }] } }, eventWith({ k: v }))).toBe(true);
      expect(await matches({ detail: { k: [{ wildcard: v }] } }, eventWith({ k: other }))).toBe(v === other);
    })));

  it("$or is the OR of its alternatives, and a field matches a list in the event when one element does", () =>
    holds(fc.asyncProperty(scalar, scalar, fc.array(scalar, { maxLength: 4 }), async (a, b, list) => {
      const event = eventWith({ x: a, y: b, z: list });
      const either = await matches({ detail: { $or: [{ x: [1] }, { y: ["q"] }] } }, event);
      expect(either).toBe((await matches({ detail: { x: [1] } }, event)) || (await matches({ detail: { y: ["q"] } }, event)));
      expect(await matches({ detail: { z: [a] } }, event)).toBe(list.includes(a));
      expect(await matches({ detail: { z: [{ exists: true }] } }, event)).toBe(list.length > 0);
      expect(await matches({ detail: { z: [{ exists: false }] } }, event)).toBe(list.length === 0);
    })));
});
