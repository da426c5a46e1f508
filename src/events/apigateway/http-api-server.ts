import type { IncomingMessage, ServerResponse } from "node:http";
import type { Clock } from "../../core/clock.js";
import { isMinicloudError } from "../../core/errors.js";
import type { Lambda } from "../../lambda/lambda-service.js";
import { clientIp, headerValues, isTextBody, readBody, send } from "../http/http-request.js";
import { httpApiEvent, httpApiResponse } from "./http-api-event.js";
import { httpApiEventV1, httpApiResponseV1 } from "./http-api-event-v1.js";
import { httpApiRequestId, type HttpApiRequest } from "./http-api-request.js";
import type { Integration, Route, Stage } from "./http-api-service.js";
import { selectRoute, type RouteKey } from "./route-key.js";
import { isPreflight, preflightHeaders, withCorsHeaders, type CorsConfiguration } from "./cors.js";

/** API Gateway takes request bodies of up to 10 MB. */
export const MAX_HTTP_API_BODY_BYTES = 10 * 1024 * 1024;

/** An API's routes, integrations and stages, as the control plane keeps them and the data plane reads them at each request. */
export interface ServedApi {
  apiId: string;
  port: number;
  routes: Map<string, { route: Route; key: RouteKey }>;
  integrations: Map<string, { integration: Integration; functionArn: string }>;
  stages: Map<string, { stage: Stage; throttle: TokenBucket }>;
  /** The API's CORS configuration, if it has one. */
  cors?: CorsConfiguration;
}

/** A stage's throttle: `rate` requests a second on average, `burst` at once. */
export interface TokenBucket {
  rate: number;
  burst: number;
  tokens: number;
  last: number;
}

function take(bucket: TokenBucket, now: number): boolean {
  bucket.tokens = Math.min(bucket.burst, bucket.tokens + ((now - bucket.last) / 1000) * bucket.rate);
  bucket.last = now;
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}

/**
 * The HTTP side of an HTTP API: answers CORS preflights itself when the API has a CORS configuration,
 * finds the stage (a named stage is the first path segment, else `$default`), applies its throttle, selects
 * the route, invokes the integration's function with the 2.0 or 1.0 event, and maps its answer — with API
 * Gateway's own answers when something fails: 404 no route, 413 body over 10 MB, 429 stage throttle, 500
 * function error or malformed answer, 503 Lambda throttled or the integration timed out (the function may
 * still be running).
 */
export function httpApiHandler(api: ServedApi, deps: { clock: Clock; lambda: Lambda }) {
  const { clock, lambda } = deps;
  return (req: IncomingMessage, res: ServerResponse): void => {
    const requestId = httpApiRequestId();
    const headers = headerValues(req);
    const origin = headers.get("origin")?.[0];
    /** Every answer of an API with CORS carries the CORS headers for an allowed origin. */
    const reply = (status: number, given: Record<string, string | string[]>, body: string | Buffer) =>
      send(res, status, { ...(api.cors ? withCorsHeaders(api.cors, origin, given) : given), "apigw-requestid": requestId }, body);
    const fail = (status: number, message: string) => reply(status, { "content-type": "application/json" }, JSON.stringify({ message }));
    void (async () => {
      const method = req.method ?? "GET";
      if (api.cors && isPreflight(method, headers)) return send(res, 204, { ...preflightHeaders(api.cors, headers), "apigw-requestid": requestId }, "");
      const time = clock.now();
      const url = req.url ?? "/";
      const q = url.indexOf("?");
      const rawPath = q < 0 ? url : url.slice(0, q);
      const rawQueryString = q < 0 ? "" : url.slice(q + 1);
      const first = rawPath.split("/")[1] ?? "";
      const stageName = first !== "" && first !== "$default" && api.stages.has(first) ? first : api.stages.has("$default") ? "$default" : undefined;
      const stage = stageName === undefined ? undefined : api.stages.get(stageName);
      if (stageName === undefined || stage === undefined) return fail(404, "Not Found");
      const path = stageName === "$default" ? rawPath : rawPath.slice(stageName.length + 1) || "/";
      const selected = selectRoute(api.routes.values(), method, path);
      const integration = api.integrations.get(selected?.route.route.Target?.replace(/^integrations\//, "") ?? "");
      if (!selected || !integration) return fail(404, "Not Found");
      if (!take(stage.throttle, time)) return fail(429, "Too Many Requests");
      const body = await readBody(req, MAX_HTTP_API_BODY_BYTES);
      if (body === undefined) return fail(413, "Request Entity Too Large");
      const request: HttpApiRequest = {
        method,
        rawPath,
        rawQueryString,
        headers,
        body,
        bodyIsText: isTextBody(headers.get("content-type")?.[0], body),
        sourceIp: clientIp(req),
        port: api.port,
        apiId: api.apiId,
        routeKey: selected.route.route.RouteKey,
        stage: stageName,
        stageVariables: stage.stage.StageVariables,
        pathParameters: selected.pathParameters,
        requestId,
        time,
      };
      const routeKey = selected.route.route.RouteKey;
      const v1 = integration.integration.PayloadFormatVersion === "1.0";
      // Format 1.0's resource is the route's path template, or $default for the default route.
      const event = v1 ? httpApiEventV1(request, { resource: routeKey === "$default" ? routeKey : routeKey.slice(routeKey.indexOf(" ") + 1) }) : httpApiEvent(request);
      const invocation = lambda.invoke({ FunctionName: integration.functionArn, Payload: JSON.stringify(event) });
      let timer: { cancel(): void } | undefined;
      const outcome = await Promise.race([
        invocation.then(
          (response) => ({ response }),
          (error: unknown) => ({ error }),
        ),
        new Promise<"timeout">((resolve) => (timer = clock.setTimer(integration.integration.TimeoutInMillis, () => resolve("timeout")))),
      ]);
      timer?.cancel();
      if (outcome === "timeout") return fail(503, "Service Unavailable");
      if ("error" in outcome) {
        if (isMinicloudError(outcome.error, "TooManyRequestsException")) return fail(503, "Service Unavailable");
        if (isMinicloudError(outcome.error, "RequestEntityTooLargeException")) return fail(413, "Request Entity Too Large");
        return fail(500, "Internal Server Error");
      }
      const { response } = outcome;
      const payload = response.Payload?.transformToString() ?? "null";
      const mapped = response.FunctionError ? undefined : v1 ? httpApiResponseV1(payload) : httpApiResponse(payload);
      if (!mapped) return fail(500, "Internal Server Error");
      reply(mapped.status, mapped.headers, mapped.body);
    })().catch(() => fail(500, "Internal Server Error"));
  };
}
