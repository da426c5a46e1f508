import { describe, expect, it } from "vitest";
import { check } from "minicloud";

/** A rule written out by a learner: title and values checked as the exercise asks, with one slip at a time. */
function learnerRule(slip: "none" | "nan" | "spaces" | "empty" | "limits") {
  return (job: any): boolean => {
    if (typeof job !== "object" || job === null || Array.isArray(job)) return false;
    const { title, values } = job;
    const titleOk = typeof title === "string" && (slip === "spaces" ? title.length > 0 : title.trim().length > 0) && (slip === "limits" || title.length <= 100);
    const valuesOk = Array.isArray(values) && (slip === "empty" || values.length >= 1) && (slip === "limits" || values.length <= 1000);
    return titleOk && valuesOk && values.every((v: unknown) => typeof v === "number" && (slip === "nan" || Number.isFinite(v)));
  };
}

describe("exercises of notebook 11 (capstone lab)", () => {
  it("11-valid-job: the rule as written passes; each common slip shows a job it gets wrong", async () => {
    expect(await check("11-valid-job", learnerRule("none"))).toMatchObject({ passed: true });
    for (const slip of ["nan", "spaces", "empty", "limits"] as const) {
      const result = await check("11-valid-job", learnerRule(slip));
      expect(result.passed, slip).toBe(false);
      expect(result.counterexample!.expected, slip).toBe("false");
      expect(result.counterexample!.actual, slip).toBe("true");
    }
  });

  it("11-desired-workers: divide, round up and clamp passes; rounding to the nearest or forgetting the bounds fails", async () => {
    const right = (backlog: number, perTask: number, min: number, max: number) => Math.min(max, Math.max(min, Math.ceil(backlog / perTask)));
    expect(await check("11-desired-workers", right)).toMatchObject({ passed: true });
    const rounded = await check("11-desired-workers", (b: number, p: number, min: number, max: number) => Math.min(max, Math.max(min, Math.round(b / p))));
    expect(rounded.passed).toBe(false);
    const unbounded = await check("11-desired-workers", (b: number, p: number) => Math.ceil(b / p));
    expect(unbounded.passed).toBe(false);
    const [backlog, perTask, min, max] = unbounded.counterexample!.input.split(", ").map(Number);
    expect(Number(unbounded.counterexample!.expected)).toBe(right(backlog!, perTask!, min!, max!));
    expect(unbounded.hint).toMatch(/between min and max/);
  });
});
