// The notebook faces of a function: its summary (configuration + recent invocations) and its logs view.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cloud } from "minicloud";

describe("a function's notebook faces (process engine)", { timeout: 60_000 }, () => {
  let cloud: Cloud;
  beforeAll(async () => {
    cloud = await Cloud.start({ engine: "process" });
    await cloud.lambda.createFunction({
      FunctionName: "greeter",
      Runtime: "nodejs20.x",
      Handler: "index.handler",
      MemorySize: 256,
      Environment: { Variables: { GREETING: "hi" } },
      Code: { Source: `exports.handler = async (event) => { console.log("<b>hello</b>", event.n); return event.n; };` },
    });
    for (let n = 1; n <= 3; n++) await cloud.lambda.invoke({ FunctionName: "greeter", Payload: { n } });
  });
  afterAll(async () => cloud?.shutdown());

  it("summarises the configuration and the last invocations, the first one cold", () => {
    const summary = cloud.lambda.summary({ FunctionName: "greeter" }, 2);
    expect(summary.configuration).toMatchObject({ FunctionName: "greeter", MemorySize: 256 });
    expect(summary.environments).toBe(1);
    expect(summary.recentInvocations).toHaveLength(2);
    const bundle = summary.toMimeBundle() as Record<string, string>;
    expect(bundle["text/plain"]).toContain("MemorySize: 256 MB");
    expect(bundle["text/plain"]).toContain("Environment variables: GREETING");
    expect(bundle["text/plain"]).toContain("Reserved concurrency: not set");
    expect(bundle["text/plain"]).toMatch(/Recent invocations \(2\):\n.*warm.*\n.*warm/);
    expect(cloud.lambda.summary({ FunctionName: "greeter" }).recentInvocations[0]!.initDurationMs).toBeGreaterThan(0);
  });

  it("shows the log with REPORT lines highlighted, a cold start's Init Duration marked, and the function's output escaped", () => {
    const view = cloud.lambda.logsView({ FunctionName: "greeter" });
    expect(view.logGroupName).toBe("/aws/lambda/greeter");
    expect(view.events.filter((e) => e.message.startsWith("REPORT "))).toHaveLength(3);
    const { "text/html": html, "text/plain": text } = view.toMimeBundle() as Record<string, string>;
    expect(html.match(/background:#fff5d6;font-weight:bold/g)).toHaveLength(3);
    expect(html.match(/<span style="color:#cf222e">Init Duration/g)).toHaveLength(1);
    expect(html).toContain("&lt;b&gt;hello&lt;/b&gt;");
    expect(text).toMatch(/env 1 REPORT RequestId: .*Billed Duration/);
  });

  it("names the missing function as Lambda does", () => {
    expect(() => cloud.lambda.summary({ FunctionName: "nobody" })).toThrow(expect.objectContaining({ name: "ResourceNotFoundException" }));
    expect(() => cloud.lambda.logsView({ FunctionName: "nobody" })).toThrow(expect.objectContaining({ name: "ResourceNotFoundException" }));
  });
});
