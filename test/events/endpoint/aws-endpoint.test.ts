import { describe, expect, it } from "vitest";
import { ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { Cloud } from "minicloud";
import { clientConfig } from "../../support/sdk-clients.js";

const servers = (): number => process.getActiveResourcesInfo().filter((r) => r === "TCPServerWrap").length;

describe("the session's AWS endpoint", { timeout: 60_000 }, () => {
  it("starts on first use only, on the address the engine's containers reach", async () => {
    const cloud = await Cloud.start({ engine: "process" });
    try {
      const before = servers();
      await cloud.s3.createBucket({ Bucket: "no-endpoint-yet" });
      expect(servers()).toBe(before);
      const { endpointUrl } = await cloud.awsAccess();
      expect(endpointUrl).toMatch(new RegExp(`^http://${(await cloud.engine.hostAddress()).replace(/\./g, "\\.")}:\\d+$`));
      expect(servers()).toBe(before + 1);
      expect((await cloud.awsAccess()).endpointUrl).toBe(endpointUrl);
    } finally {
      await cloud.shutdown();
    }
  });

  it("routes by the SigV4 credential scope (header or presigned query) and refuses a request it cannot place", async () => {
    const cloud = await Cloud.start({ engine: "process" });
    try {
      await cloud.s3.createBucket({ Bucket: "routed" });
      await cloud.s3.putObject({ Bucket: "routed", Key: "a.txt", Body: "A" });
      const { endpointUrl } = await cloud.awsAccess();
      const presigned = await fetch(`${endpointUrl}/routed/a.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20240101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=0`);
      expect([presigned.status, await presigned.text()]).toEqual([200, "A"]);
      const unsigned = await fetch(`${endpointUrl}/routed/a.txt`);
      expect(unsigned.status).toBe(403);
      expect(await unsigned.json()).toMatchObject({ __type: "MissingAuthenticationTokenException", message: expect.stringMatching(/SigV4/) });
      const unknownTarget = await fetch(endpointUrl, { method: "POST", headers: { "x-amz-target": "AmazonSQS.PurgeQueue", "content-type": "application/x-amz-json-1.0" }, body: "{}" });
      expect(await unknownTarget.json()).toMatchObject({ __type: "com.amazonaws.sqs#UnknownOperationException", message: expect.stringMatching(/PurgeQueue.*SendMessage/) });
    } finally {
      await cloud.shutdown();
    }
  });

  it("closes at shutdown: a long poll in progress ends, the port answers no more, no server is left", async () => {
    await new Promise((resolve) => setTimeout(resolve, 20)); // servers closed by the tests before are gone
    const before = servers();
    const cloud = await Cloud.start({ engine: "process" });
    const config = await clientConfig(cloud);
    const sqs = new SQSClient({ ...config, maxAttempts: 1 });
    try {
      const { QueueUrl } = await cloud.sqs.createQueue({ QueueName: "quiet" });
      const polling = sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 })).then(
        () => "answered",
        () => "connection closed",
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      const started = Date.now();
      await cloud.shutdown();
      expect(["answered", "connection closed"]).toContain(await polling);
      expect(Date.now() - started).toBeLessThan(5000);
      await expect(fetch(config.endpoint)).rejects.toThrow();
      await new Promise((resolve) => setTimeout(resolve, 20)); // a closed server handle goes on the next turn of the event loop
      expect(servers()).toBe(before);
      await expect(cloud.awsAccess()).rejects.toMatchObject({ name: "SessionShutDown" });
    } finally {
      sqs.destroy();
      await cloud.shutdown();
    }
  });
});
