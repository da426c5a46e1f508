import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cloud } from "minicloud";

const servers = (): number => process.getActiveResourcesInfo().filter((r) => r === "TCPServerWrap").length;

describe("an execution environment that cannot start", () => {
  let cloud: Cloud;
  beforeAll(async () => {
    cloud = await Cloud.start({ engine: "process" });
  });
  afterAll(async () => cloud?.shutdown());

  it("fails the invocation with the engine's error and leaves no Runtime API server or container behind", async () => {
    await cloud.lambda.createFunction({ FunctionName: "imageless", Runtime: "nodejs20.x", Handler: "index.handler", Code: { Source: "exports.handler = async () => 1;" } });
    const { Code } = await cloud.lambda.getFunction({ FunctionName: "imageless" });
    await cloud.engine.removeImage(Code.Location);
    await cloud.awsAccess(); // the session's AWS endpoint stays up for every environment: start it before counting
    const before = { servers: servers(), containers: (await cloud.engine.listContainers()).length };
    await expect(cloud.lambda.invoke({ FunctionName: "imageless" })).rejects.toMatchObject({ name: "ImageNotFound" });
    await new Promise((r) => setTimeout(r, 20)); // a closed server handle goes on the next turn of the event loop
    expect(servers()).toBe(before.servers);
    expect((await cloud.engine.listContainers()).length).toBe(before.containers);
    // The unit of concurrency it took was given back.
    await cloud.lambda.putFunctionConcurrency({ FunctionName: "imageless", ReservedConcurrentExecutions: 1 });
    await expect(cloud.lambda.invoke({ FunctionName: "imageless" })).rejects.toMatchObject({ name: "ImageNotFound" });
  });
});
