import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cloud } from "minicloud";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { dockerRequirement } from "../support/requirements.js";
import { http } from "../support/http.js";

const docker = await dockerRequirement();

// The HTTP API path with the function in a real Docker container: the request crosses the API's server,
// the Runtime API and the container, and the answer comes back mapped.
describe.skipIf(docker.skip)(`an HTTP API in front of a function on Docker ${docker.reason}`, () => {
  let cloud: Cloud;
  beforeAll(async () => {
    cloud = await Cloud.start({ engine: "docker" });
    await cloud.lambda.createFunction({
      FunctionName: "hello-http",
      Runtime: "nodejs20.x",
      Handler: "index.handler",
      Code: { Source: 'exports.handler = async (event) => ({ statusCode: 201, headers: { "x-id": event.pathParameters.id }, body: JSON.stringify(event) });' },
    });
  });
  afterAll(async () => cloud?.shutdown());

  it("routes GET /items/{id} to the function and maps its answer", async () => {
    const { ApiEndpoint } = await cloud.apiGatewayV2.createApi({
      Name: "docker-api",
      ProtocolType: "HTTP",
      Target: "arn:aws:lambda:us-east-1:123456789012:function:hello-http",
      RouteKey: "GET /items/{id}",
    });
    const answer = await http(`${ApiEndpoint}/items/42?full=yes`);
    expect(answer.status).toBe(201);
    expect(answer.headers["x-id"]).toBe("42");
    const event = answer.json<APIGatewayProxyEventV2>();
    expect(event).toMatchObject({ routeKey: "GET /items/{id}", pathParameters: { id: "42" }, queryStringParameters: { full: "yes" } });
    expect((await http(`${ApiEndpoint}/other`)).status).toBe(404);
  });
});
