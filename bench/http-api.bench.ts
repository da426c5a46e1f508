import { Agent, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { Cloud } from "minicloud";
import type { Benchmark, Measurement } from "./support/types.js";
import { percentile, round2 } from "./support/measure.js";

const HANDLER = 'exports.handler = async (event) => ({ statusCode: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ ok: true, path: event.rawPath }) });';
const SEQUENTIAL = 2000;
const WARM_UP = 300;
const THROUGHPUT_MS = 3000;
const IN_FLIGHT = 8;

/** p50 of `once` run one after another, and how many a second IN_FLIGHT callers get back to back. */
async function measure(once: () => Promise<unknown>): Promise<{ p50: number; p99: number; perSecond: number }> {
  for (let i = 0; i < WARM_UP; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < SEQUENTIAL; i++) {
    const t = performance.now();
    await once();
    times.push(performance.now() - t);
  }
  let count = 0;
  const deadline = performance.now() + THROUGHPUT_MS;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (performance.now() < deadline) {
        await once();
        count++;
      }
    }),
  );
  return { p50: percentile(times, 50), p99: percentile(times, 99), perSecond: Math.round(count / (THROUGHPUT_MS / 1000)) };
}

/** A GET with keep-alive, read to the end. */
function getter(url: string, agent: Agent): () => Promise<void> {
  return () =>
    new Promise<void>((resolve, reject) => {
      const req = request(url, { agent }, (res) => {
        res.resume();
        res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`${url} answered ${res.statusCode}`))));
      });
      req.on("error", reject);
      req.end();
    });
}

/**
 * An HTTP API in front of a process-isolated function, next to two floors measured in the same run:
 * the same function invoked directly with the same event, and a bare Node http server.
 */
const benchmark: Benchmark = {
  name: "http-api",
  description: "HTTP API requests/s and p50 through a process-isolated function; floors: direct invoke of the same function, bare node:http",
  async run() {
    const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
    const body = JSON.stringify({ ok: true, path: "/items/42" });
    const bare = createServer((_, res) => res.writeHead(200, { "content-type": "application/json" }).end(body));
    await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));
    const cloud = await Cloud.start({ engine: "process" });
    try {
      const bareFloor = await measure(getter(`http://127.0.0.1:${(bare.address() as AddressInfo).port}/items/42`, agent));
      await cloud.lambda.createFunction({ FunctionName: "api", Runtime: "nodejs20.x", Handler: "index.handler", Code: { Source: HANDLER } });
      const { ApiEndpoint } = await cloud.apiGatewayV2.createApi({
        Name: "bench",
        ProtocolType: "HTTP",
        Target: "arn:aws:lambda:us-east-1:123456789012:function:api",
        RouteKey: "GET /items/{id}",
      });
      // The direct floor sends the very event the API builds, so both paths run the same function on the same input.
      await cloud.lambda.createFunction({ FunctionName: "recorder", Runtime: "nodejs20.x", Handler: "index.handler", Code: { Source: "exports.handler = async (event) => event;" } });
      const { ApiEndpoint: recorderEndpoint } = await cloud.apiGatewayV2.createApi({ Name: "recorder", ProtocolType: "HTTP", Target: "arn:aws:lambda:us-east-1:123456789012:function:recorder" });
      const event = await new Promise<string>((resolve, reject) =>
        request(`${recorderEndpoint}/items/42`, { agent }, (res) => {
          let text = "";
          res.on("data", (c: Buffer) => (text += c)).on("end", () => resolve(text));
        })
          .on("error", reject)
          .end(),
      );
      const direct = await measure(() => cloud.lambda.invoke({ FunctionName: "api", Payload: event }));
      const api = await measure(getter(`${ApiEndpoint}/items/42`, agent));
      const overhead = api.p50 - direct.p50;
      const results: Measurement[] = [
        { metric: "floor_bare_http_p50_ms", value: round2(bareFloor.p50), unit: "ms" },
        { metric: "floor_bare_http_per_s", value: bareFloor.perSecond, unit: "/s" },
        { metric: "floor_direct_invoke_p50_ms", value: round2(direct.p50), unit: "ms" },
        { metric: "floor_direct_invoke_per_s", value: direct.perSecond, unit: "/s" },
        { metric: "http_api_p50_ms", value: round2(api.p50), unit: "ms" },
        { metric: "http_api_p99_ms", value: round2(api.p99), unit: "ms" },
        { metric: "http_api_per_s", value: api.perSecond, unit: "/s" },
        { metric: "http_api_overhead_p50_ms", value: round2(overhead), unit: "ms", target: "≤ 1 ms over direct invoke", met: overhead <= 1 },
      ];
      return results;
    } finally {
      agent.destroy();
      bare.close();
      await cloud.shutdown();
    }
  },
};
export default benchmark;
