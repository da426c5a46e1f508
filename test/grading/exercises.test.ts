import { describe, expect, it } from "vitest";
import { billedDurationMs, check, cheapestMemory, exerciseIds, lambdaCost } from "minicloud";
import { parameterNames } from "../../src/grading/compare-with-reference.js";

describe("exercise checks", () => {
  it("knows the exercises of notebooks 01 and 02", () => {
    expect(exerciseIds()).toEqual(expect.arrayContaining(["01-density", "01-scale-in-time", "02-hello-v2-spec", "02-dockerfile", "02-immutable-predict"]));
  });

  it("passes a right answer and says how many inputs agreed", async () => {
    const result = await check("01-density", (host: number, per: number, reserved: number) => Math.max(0, Math.floor((host - reserved) / per)));
    expect(result.passed).toBe(true);
    expect(result.message).toContain("200 generated inputs");
  });

  it("shows the smallest input a wrong answer gets wrong, what was expected, and a hint", async () => {
    const result = await check("01-density", (host: number, per: number, reserved: number) => Math.floor((host - reserved) / per));
    expect(result.passed).toBe(false);
    expect(result.counterexample).toBeDefined();
    // Each input is shown under the learner's own name for it.
    expect(result.counterexample!.input).toMatch(/^host = \d+, per = \d+, reserved = \d+$/);
    const [host, , reserved] = result.counterexample!.input.split(", ").map((named) => Number(named.split(" = ")[1]));
    expect(reserved!).toBeGreaterThan(host!);
    expect(result.counterexample!.expected).toBe("0");
    expect(result.hint).toMatch(/budget/);
    expect(result.toMimeBundle()["text/plain"]).toContain("hint:");
  });

  it("reads the names of plain parameters, and gives up on any other kind", () => {
    expect(parameterNames(function howManyFit(hostMiB: number, perContainerMiB: number) { return hostMiB + perContainerMiB; })).toEqual(["hostMiB", "perContainerMiB"]);
    expect(parameterNames((a: number, b: number) => a + b)).toEqual(["a", "b"]);
    expect(parameterNames(async (backlog: number) => backlog)).toEqual(["backlog"]);
    expect(parameterNames(((x: number) => x * 2) as (x: number) => number)).toEqual(["x"]);
    expect(parameterNames((a: number, b = Math.max(1, 2)) => a + b)).toBeUndefined();
    expect(parameterNames(({ cpu }: { cpu: number }) => cpu)).toBeUndefined();
    expect(parameterNames((...xs: number[]) => xs.length)).toBeUndefined();
  });

  it("turns an answer that throws into feedback naming the error", async () => {
    const result = await check("01-scale-in-time", () => {
      throw new RangeError("no copies");
    });
    expect(result.passed).toBe(false);
    expect(result.counterexample?.actual).toBe("threw RangeError: no copies");
  });

  it("tells a learner whose answer is still the stub to write it, without a counterexample or a hint to spoil the prediction", async () => {
    const stub = () => {
      throw new Error("not implemented");
    };
    for (const id of ["01-scale-in-time", "02-hello-v2-spec"]) {
      const result = await check(id, stub);
      expect(result).toMatchObject({ passed: false, message: expect.stringContaining('Not written yet: your answer still throws "not implemented"') });
      expect(result.counterexample).toBeUndefined();
      expect(result.hint).toBeUndefined();
    }
  });

  it("tells a learner who passes the wrong kind of answer what to pass", async () => {
    const result = await check("01-scale-in-time", 42);
    expect(result.passed).toBe(false);
    expect(result.message).toContain("pass your function itself");
  });

  it("refuses an unknown exercise id and lists the known ones", async () => {
    await expect(check("99-nope", 1)).rejects.toMatchObject({ name: "ResourceNotFoundException", message: expect.stringContaining("01-density") });
  });

  it("checks a container spec by running it, on a real engine", { timeout: 60_000 }, async () => {
    const good = await check("02-hello-v2-spec", {
      image: "minicloud/hello-service",
      env: { APP_VERSION: "2", GREETING: "bonjour" },
      ports: [{ containerPort: 8080 }],
      memoryMiB: 64,
    });
    expect(good).toMatchObject({ passed: true });
    const wrongGreeting = await check("02-hello-v2-spec", {
      image: "minicloud/hello-service",
      env: { APP_VERSION: "2" },
      ports: [{ containerPort: 8080 }],
      memoryMiB: 64,
    });
    expect(wrongGreeting.passed).toBe(false);
    expect(wrongGreeting.message).toContain('greets with "hello"');
    expect((await check("02-hello-v2-spec", { image: "minicloud/hello-service" })).message).toContain("memoryMiB");
    // An answer cell holds a function that returns the spec: the check runs what it returns.
    const asFunction = () => ({ image: "minicloud/hello-service", env: { APP_VERSION: "2", GREETING: "bonjour" }, ports: [{ containerPort: 8080 }], memoryMiB: 64 });
    expect(await check("02-hello-v2-spec", asFunction)).toMatchObject({ passed: true });
    expect((await check("02-hello-v2-spec", () => ({ image: "minicloud/hello-service" }))).message).toContain("memoryMiB");
    // Docker's own word for the limit is named, so a learner sees which field to use.
    const dockerWord = await check("02-hello-v2-spec", { image: "minicloud/hello-service", env: { APP_VERSION: "2", GREETING: "bonjour" }, ports: [{ containerPort: 8080 }], memory: 64 });
    expect(dockerWord.message).toContain("memoryMiB, not memory");
  });

  it("checks a Dockerfile by building and running it, naming the line it cannot build", { timeout: 60_000 }, async () => {
    const good = await check("02-dockerfile", 'FROM minicloud/node\nWORKDIR /app\nCOPY worker.js .\nENV ITEMS=3 DELAY_MS=1\nCMD ["node", "worker.js"]\n');
    expect(good).toMatchObject({ passed: true });
    const fiveItems = await check("02-dockerfile", 'FROM minicloud/node\nWORKDIR /app\nCOPY worker.js .\nENV DELAY_MS=1\nCMD ["node", "worker.js"]\n');
    expect(fiveItems.passed).toBe(false);
    expect(fiveItems.message).toContain("processed 5 items");
    // A crash shows its error line, not the end of its stack trace.
    const noCode = await check("02-dockerfile", 'FROM minicloud/node\nWORKDIR /app\nENV ITEMS=3\nCMD ["node", "worker.js"]\n');
    expect(noCode.message).toMatch(/exited with code 1, printing: Error: Cannot find module '\/app\/worker.js'/);
    expect(await check("02-dockerfile", () => 'FROM minicloud/node\nWORKDIR /app\nCOPY worker.js .\nENV ITEMS=3 DELAY_MS=1\nCMD ["node", "worker.js"]\n')).toMatchObject({ passed: true });
    const stub = await check("02-dockerfile", () => {
      throw new Error("not implemented");
    });
    expect(stub).toMatchObject({ passed: false, message: expect.stringContaining("not implemented") });
  });

  it("checks a prediction against what really happens", { timeout: 60_000 }, async () => {
    expect((await check("02-immutable-predict", false)).passed).toBe(true);
    expect((await check("02-immutable-predict", true)).passed).toBe(false);
    expect((await check("02-immutable-predict", () => false)).passed).toBe(true);
    expect((await check("02-immutable-predict", () => true)).passed).toBe(false);
  });

  it("checks a Lambda handler by deploying and invoking it with generated events", { timeout: 60_000 }, async () => {
    const good = `exports.handler = async (event) => typeof event.name === "string" && event.name.trim() !== ""
      ? { statusCode: 200, body: JSON.stringify({ greeting: "Hello, " + event.name.trim() + "!" }) }
      : { statusCode: 400, body: JSON.stringify({ error: "name is required" }) };`;
    expect(await check("03-handler", good)).toMatchObject({ passed: true });
    const untrimmed = good.replace(/event\.name\.trim\(\) \+ "!"/, 'event.name + "!"');
    const result = await check("03-handler", untrimmed);
    expect(result.passed).toBe(false);
    expect(result.counterexample?.input).toMatch(/ /);
    expect(await check("03-handler", () => good)).toMatchObject({ passed: true });
    expect((await check("03-handler", () => untrimmed)).passed).toBe(false);
  });

  it("checks billed durations against the library's rules, and a warm-state bug by warm invocations", { timeout: 60_000 }, async () => {
    expect(await check("03-billed-duration", billedDurationMs)).toMatchObject({ passed: true });
    expect((await check("03-billed-duration", (d: number) => Math.ceil(d))).passed).toBe(false);
    expect((await check("03-stateless", 'let user; exports.handler = async (e) => { user ??= e.user; return "Hello, " + user; };')).passed).toBe(false);
    expect(await check("03-stateless", 'exports.handler = async (e) => "Hello, " + e.user;')).toMatchObject({ passed: true });
    expect(await check("03-stateless", () => 'exports.handler = async (e) => "Hello, " + e.user;')).toMatchObject({ passed: true });
    expect((await check("03-stateless", () => 'let user; exports.handler = async (e) => { user ??= e.user; return "Hello, " + user; };')).passed).toBe(false);
  });

  it("checks the pricing exercises against the pricing module: the references pass, the starters fail", async () => {
    const monthly = (r: number, d: number, m: number, rule: "2019" | "current") => lambdaCost({ requests: r, durationMs: d, memoryMB: m, rule }).total;
    expect(await check("06-monthly-cost", monthly)).toMatchObject({ passed: true });
    expect((await check("06-monthly-cost", (r: number) => (r * 0.2) / 1e6)).passed).toBe(false);
    const breakEven = (d: number, m: number, s: number) => s / lambdaCost({ requests: 1, durationMs: d, memoryMB: m }).total;
    expect(await check("06-break-even", breakEven)).toMatchObject({ passed: true });
    expect((await check("06-break-even", (_d: number, _m: number, s: number) => s / 0.0000002)).passed).toBe(false);
    const cheapest = (cpu: number, io: number, rule: "2019" | "current") => cheapestMemory(cpu, io, [128, 256, 512, 1024, 1769, 3008], rule);
    expect(await check("06-cheapest-memory", cheapest)).toMatchObject({ passed: true });
    expect((await check("06-cheapest-memory", () => 128)).passed).toBe(false);
  });
});
