import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cloud } from "minicloud";
import type { CloudWatchLogsDecodedData, CloudWatchLogsEvent } from "aws-lambda";
import { printedAfter } from "../support/function-logs.js";
import { until } from "../support/waiting.js";

const fnArn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
const decode = (event: CloudWatchLogsEvent): CloudWatchLogsDecodedData => JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, "base64")).toString());

describe("CloudWatch Logs", { timeout: 60_000 }, () => {
  let cloud: Cloud;
  /** The events each subscriber received (they print them, and their own log group is not subscribed). */
  const received = (fn: string) => printedAfter(cloud, fn, "EVENT ").map((text) => JSON.parse(text) as CloudWatchLogsEvent);
  const messages = (fn: string) => received(fn).flatMap((e) => decode(e).logEvents.map((l) => l.message));

  beforeAll(async () => {
    cloud = await Cloud.start({ engine: "process" });
    await cloud.lambda.createFunction({
      FunctionName: "noisy",
      Runtime: "nodejs20.x",
      Handler: "index.handler",
      Code: { Source: 'exports.handler = async (event) => { for (const line of event.lines) console.log(line); return "ok"; };' },
    });
    for (const name of ["errors-only", "everything"]) {
      await cloud.lambda.createFunction({
        FunctionName: name,
        Runtime: "nodejs20.x",
        Handler: "index.handler",
        Code: { Source: 'exports.handler = async (event) => { console.log("EVENT " + JSON.stringify(event)); };' },
      });
    }
  });
  afterAll(async () => cloud?.shutdown());

  it("sends matching log events to a subscribed function as gzip+base64 CloudWatchLogsDecodedData", async () => {
    await expect(cloud.logs.putSubscriptionFilter({ logGroupName: "/aws/lambda/noisy", filterName: "errors", filterPattern: "ERROR", destinationArn: fnArn("errors-only") })).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      field: "logGroupName",
    });
    await cloud.logs.createLogGroup({ logGroupName: "/aws/lambda/noisy" });
    await cloud.logs.putSubscriptionFilter({ logGroupName: "/aws/lambda/noisy", filterName: "errors", filterPattern: "ERROR", destinationArn: fnArn("errors-only") });
    await cloud.logs.putSubscriptionFilter({ logGroupName: "/aws/lambda/noisy", filterName: "all", filterPattern: "", destinationArn: fnArn("everything") });
    await cloud.lambda.invoke({ FunctionName: "noisy", Payload: { lines: ["[ERROR] First test message", "[INFO] all is well", "[ERROR] Second test message"] } });
    await until(async () => (messages("errors-only").length >= 2 && messages("everything").some((m) => m.startsWith("REPORT")) ? true : undefined), 15_000);
    // Two batches (if the lines straddled a batch window) may invoke the function side by side, in either order.
    expect(messages("errors-only").sort()).toEqual([expect.stringContaining("[ERROR] First test message"), expect.stringContaining("[ERROR] Second test message")]);
    expect(messages("everything").some((m) => m.includes("[INFO] all is well"))).toBe(true);
    expect(messages("everything").filter((m) => /^(START|END|REPORT) RequestId/.test(m))).toHaveLength(3);

    const decoded = decode(received("errors-only").find((e) => decode(e).logEvents[0]!.message.includes("First"))!);
    const stream = (await cloud.logs.describeLogStreams({ logGroupName: "/aws/lambda/noisy" })).logStreams[0]!.logStreamName;
    expect(decoded).toMatchObject({ messageType: "DATA_MESSAGE", owner: "123456789012", logGroup: "/aws/lambda/noisy", logStream: stream, subscriptionFilters: ["errors"] });
    const filtered = (await cloud.logs.filterLogEvents({ logGroupName: "/aws/lambda/noisy", filterPattern: "ERROR" })).events;
    const all = received("errors-only").flatMap((e) => decode(e).logEvents);
    expect(all.map((e) => [e.id, e.timestamp, e.message]).sort()).toEqual(filtered.map((e) => [e.eventId, e.timestamp, e.message]).sort());
    expect(decoded.logEvents[0]!.id).toMatch(/^\d{56}$/);
  });

  it("matches filter patterns: terms, quoted phrases, ?alternatives and -exclusions", async () => {
    await cloud.lambda.invoke({ FunctionName: "noisy", Payload: { lines: ["WARN disk at 91%", "ERROR Connection refused by db", "ERROR timeout, retrying", "DEBUG Connection refused (expected)"] } });
    const find = async (filterPattern: string) =>
      (await cloud.logs.filterLogEvents({ logGroupName: "/aws/lambda/noisy", filterPattern })).events.map((e) => e.message.split("\t").pop()!.trim()).filter((m) => /^(WARN|ERROR|DEBUG) /.test(m));
    expect(await find('"Connection refused"')).toEqual(["ERROR Connection refused by db", "DEBUG Connection refused (expected)"]);
    expect(await find('ERROR "Connection refused"')).toEqual(["ERROR Connection refused by db"]);
    expect(await find("?WARN ?timeout")).toEqual(["WARN disk at 91%", "ERROR timeout, retrying"]);
    expect(await find("Connection -DEBUG")).toEqual(["ERROR Connection refused by db"]);
    expect(await find("error")).toEqual([]);
    const { events } = await cloud.logs.getLogEvents({
      logGroupName: "/aws/lambda/noisy",
      logStreamName: (await cloud.logs.describeLogStreams({ logGroupName: "/aws/lambda/noisy" })).logStreams[0]!.logStreamName,
      startFromHead: true,
      limit: 1,
    });
    expect(events[0]!.message).toMatch(/^START RequestId/);
  });

  it("refuses bad filters and destinations, naming the field, and keeps delivering", async () => {
    const group = "/aws/lambda/noisy";
    await expect(cloud.logs.putSubscriptionFilter({ logGroupName: group, filterName: "json", filterPattern: "{ $.level = \"ERROR\" }", destinationArn: fnArn("errors-only") })).rejects.toMatchObject({
      name: "InvalidParameterException",
      field: "filterPattern",
    });
    await expect(cloud.logs.filterLogEvents({ logGroupName: group, filterPattern: "disk-full" })).rejects.toMatchObject({ field: "filterPattern", message: expect.stringContaining('"disk-full"') });
    await expect(cloud.logs.filterLogEvents({ logGroupName: group, filterPattern: '"unclosed' })).rejects.toMatchObject({ field: "filterPattern" });
    await expect(cloud.logs.putSubscriptionFilter({ logGroupName: group, filterName: "q", filterPattern: "", destinationArn: "arn:aws:sqs:us-east-1:123456789012:q" })).rejects.toMatchObject({
      field: "destinationArn",
    });
    await expect(cloud.logs.putSubscriptionFilter({ logGroupName: group, filterName: "loop", filterPattern: "", destinationArn: fnArn("noisy") })).rejects.toMatchObject({
      field: "destinationArn",
      message: expect.stringContaining("endless loop"),
    });
    await expect(cloud.logs.putSubscriptionFilter({ logGroupName: group, filterName: "third", filterPattern: "", destinationArn: fnArn("everything") })).rejects.toMatchObject({
      name: "LimitExceededException",
    });
    expect((await cloud.logs.describeSubscriptionFilters({ logGroupName: group })).subscriptionFilters.map((f) => f.filterName)).toEqual(["errors", "all"]);
    await cloud.logs.deleteSubscriptionFilter({ logGroupName: group, filterName: "all" });
    await expect(cloud.logs.deleteSubscriptionFilter({ logGroupName: group, filterName: "all" })).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    const before = messages("errors-only").length;
    await cloud.lambda.invoke({ FunctionName: "noisy", Payload: { lines: ["ERROR still delivered"] } });
    await until(async () => (messages("errors-only").length > before ? true : undefined), 15_000);
    expect(messages("errors-only").pop()).toContain("ERROR still delivered");
  });
});
