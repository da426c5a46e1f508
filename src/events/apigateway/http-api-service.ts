import { randomBytes } from "node:crypto";
import type { Clock } from "../../core/clock.js";
import { MinicloudError } from "../../core/errors.js";
import type { Lambda } from "../../lambda/lambda-service.js";
import { listenLocal, type HttpListener } from "../http/http-request.js";
import { validateCors, type CorsConfiguration } from "./cors.js";
import { httpApiHandler, type ServedApi } from "./http-api-server.js";
import { parseRouteKey } from "./route-key.js";

/** CreateApi's request (HTTP APIs), in AWS's names. */
export interface CreateApiRequest {
  Name: string;
  ProtocolType: "HTTP";
  Description?: string;
  /**
   * Quick create: a Lambda function's ARN. API Gateway then makes its integration, the route `RouteKey`
   * (default `$default`) and the auto-deployed `$default` stage, so the API answers at once.
   */
  Target?: string;
  RouteKey?: string;
  /** Lets browsers on other origins call the API: API Gateway answers preflights and adds CORS headers. */
  CorsConfiguration?: CorsConfiguration;
  /** minicloud only: the port on 127.0.0.1 to serve the API on (default: a free one). */
  Port?: number;
}

/** An HTTP API, as GetApi describes it. ApiEndpoint is where minicloud serves it: http://127.0.0.1:<port>. */
export interface Api {
  ApiId: string;
  Name: string;
  ProtocolType: "HTTP";
  ApiEndpoint: string;
  RouteSelectionExpression: "${request.method} ${request.path}";
  CreatedDate: Date;
  Description?: string;
  CorsConfiguration?: CorsConfiguration;
}

/** An integration: a Lambda function behind the API (AWS_PROXY), with the payload format its events and answers use. */
export interface Integration {
  IntegrationId: string;
  IntegrationType: "AWS_PROXY";
  IntegrationUri: string;
  IntegrationMethod: "POST";
  /** "2.0" (HTTP APIs' own format), or "1.0" (REST APIs' proxy event, for functions written for them). */
  PayloadFormatVersion: "1.0" | "2.0";
  /** 50–30,000 ms (default 30,000): API Gateway answers 503 when the function takes longer. */
  TimeoutInMillis: number;
  ConnectionType: "INTERNET";
}

/** A route: a route key and the integration it targets (`integrations/<IntegrationId>`). */
export interface Route {
  RouteId: string;
  RouteKey: string;
  Target?: string;
  AuthorizationType: "NONE";
  ApiKeyRequired: false;
}

/** A stage: `$default` is served at the API's root, any other at `/<StageName>`. */
export interface Stage {
  StageName: string;
  AutoDeploy: boolean;
  DefaultRouteSettings: { ThrottlingBurstLimit: number; ThrottlingRateLimit: number; DetailedMetricsEnabled: false };
  StageVariables: Record<string, string>;
  CreatedDate: Date;
  LastUpdatedDate: Date;
}

/** API Gateway's account-level throttle, the default of every stage. */
const DEFAULT_THROTTLE = { ThrottlingBurstLimit: 5000, ThrottlingRateLimit: 10_000 };

function badRequest(field: string, message: string): MinicloudError {
  return new MinicloudError("BadRequestException", message, { field, statusCode: 400 });
}

function notFound(field: string, message: string): MinicloudError {
  return new MinicloudError("NotFoundException", message, { field, statusCode: 404 });
}

/** A short id in API Gateway's alphabet (lowercase letters and digits). */
function shortId(length: number): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  return [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join("");
}

/** The function an integration URI names: a Lambda ARN, or API Gateway's `.../functions/<arn>/invocations` form. */
function functionOf(uri: unknown, field: string): string {
  const text = String(uri);
  const inner = /^arn:aws:apigateway:[^:]+:lambda:path\/2015-03-31\/functions\/(.+)\/invocations$/.exec(text)?.[1] ?? text;
  if (!/^arn:aws:lambda:[^:]+:\d{12}:function:[a-zA-Z0-9-_]+(:[a-zA-Z0-9$_-]+)?$/.test(inner)) {
    throw badRequest(field, `${field} must be a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>); got ${text}.`);
  }
  return inner;
}

/**
 * minicloud's API Gateway for HTTP APIs: each API is a real HTTP server on 127.0.0.1, with routes
 * (`GET /items/{id}`, `ANY /{proxy+}`, `$default`) that invoke Lambda functions with payload format 2.0 or 1.0
 * and map their answers back, CORS, and API Gateway's errors. Stages are live as soon as they exist (as with
 * AutoDeploy); authorizers and custom domains are not modelled.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api.html
 */
export function createApiGatewayV2(options: { clock: Clock; lambda: Lambda }) {
  const { clock } = options;
  const apis = new Map<string, { api: Api; served: ServedApi; listener: HttpListener }>();

  const apiOf = (apiId: string) => {
    const found = apis.get(apiId);
    if (!found) throw notFound("ApiId", `Invalid API identifier specified ${apiId}: no such API (create one with createApi).`);
    return found;
  };

  const described = (found: { api: Api; served: ServedApi }): Api => ({ ...found.api, ...(found.served.cors ? { CorsConfiguration: structuredClone(found.served.cors) } : {}) });

  const service = {
    /** CreateApi: starts serving the API; with Target, quick-creates its integration, route and `$default` stage. */
    async createApi(request: CreateApiRequest): Promise<Api> {
      if (typeof request.Name !== "string" || request.Name.length < 1 || request.Name.length > 128) throw badRequest("Name", "Name is required: 1 to 128 characters.");
      if (request.ProtocolType !== "HTTP") throw badRequest("ProtocolType", `ProtocolType must be HTTP (minicloud has HTTP APIs, not WebSocket); got ${String(request.ProtocolType)}.`);
      if (request.RouteKey !== undefined && request.Target === undefined) throw badRequest("RouteKey", "RouteKey is for quick create: give Target (a Lambda function ARN) with it.");
      const target = request.Target === undefined ? undefined : functionOf(request.Target, "Target");
      if (request.RouteKey !== undefined) parseRouteKey(request.RouteKey);
      const cors = request.CorsConfiguration === undefined ? undefined : validateCors(request.CorsConfiguration);
      const apiId = shortId(10);
      const served: ServedApi = { apiId, port: 0, routes: new Map(), integrations: new Map(), stages: new Map(), ...(cors ? { cors } : {}) };
      const listener = await listenLocal(request.Port ?? 0, httpApiHandler(served, options), "BadRequestException", "Port");
      served.port = listener.port;
      const api: Api = {
        ApiId: apiId,
        Name: request.Name,
        ProtocolType: "HTTP",
        ApiEndpoint: `http://127.0.0.1:${listener.port}`,
        RouteSelectionExpression: "${request.method} ${request.path}",
        CreatedDate: new Date(clock.now()),
        ...(request.Description !== undefined ? { Description: request.Description } : {}),
      };
      apis.set(apiId, { api, served, listener });
      if (target !== undefined) {
        const integration = await service.createIntegration({ ApiId: apiId, IntegrationType: "AWS_PROXY", IntegrationUri: target, PayloadFormatVersion: "2.0" });
        await service.createRoute({ ApiId: apiId, RouteKey: request.RouteKey ?? "$default", Target: `integrations/${integration.IntegrationId}` });
        await service.createStage({ ApiId: apiId, StageName: "$default", AutoDeploy: true });
      }
      return described(apis.get(apiId)!);
    },

    /** GetApi. */
    async getApi(request: { ApiId: string }): Promise<Api> {
      return described(apiOf(request.ApiId));
    },

    /** GetApis. */
    async getApis(): Promise<{ Items: Api[] }> {
      return { Items: [...apis.values()].map(described) };
    },

    /** UpdateApi: a new name, description or CORS configuration, in effect for the next request. */
    async updateApi(request: { ApiId: string; Name?: string; Description?: string; CorsConfiguration?: CorsConfiguration }): Promise<Api> {
      const found = apiOf(request.ApiId);
      if (request.Name !== undefined && (typeof request.Name !== "string" || request.Name.length < 1 || request.Name.length > 128)) throw badRequest("Name", "Name must be 1 to 128 characters.");
      if (request.CorsConfiguration !== undefined) found.served.cors = validateCors(request.CorsConfiguration);
      if (request.Name !== undefined) found.api.Name = request.Name;
      if (request.Description !== undefined) found.api.Description = request.Description;
      return described(found);
    },

    /** DeleteCorsConfiguration: the API stops answering preflights and adding CORS headers. */
    async deleteCorsConfiguration(request: { ApiId: string }): Promise<void> {
      delete apiOf(request.ApiId).served.cors;
    },

    /** DeleteApi: stops serving it. */
    async deleteApi(request: { ApiId: string }): Promise<void> {
      const found = apiOf(request.ApiId);
      apis.delete(request.ApiId);
      await found.listener.close();
    },

    /** CreateIntegration: a Lambda proxy integration, payload format 2.0 (default) or 1.0. */
    async createIntegration(request: {
      ApiId: string;
      IntegrationType: "AWS_PROXY";
      IntegrationUri: string;
      PayloadFormatVersion?: "1.0" | "2.0";
      TimeoutInMillis?: number;
      IntegrationMethod?: "POST";
    }): Promise<Integration> {
      const found = apiOf(request.ApiId);
      if (request.IntegrationType !== "AWS_PROXY") throw badRequest("IntegrationType", `IntegrationType must be AWS_PROXY (a Lambda proxy integration); got ${String(request.IntegrationType)}.`);
      const functionArn = functionOf(request.IntegrationUri, "IntegrationUri");
      if (request.PayloadFormatVersion !== undefined && request.PayloadFormatVersion !== "2.0" && request.PayloadFormatVersion !== "1.0") {
        throw badRequest("PayloadFormatVersion", `PayloadFormatVersion must be 1.0 or 2.0 for a Lambda proxy integration; got ${String(request.PayloadFormatVersion)}.`);
      }
      const timeout = request.TimeoutInMillis ?? 30_000;
      if (!Number.isInteger(timeout) || timeout < 50 || timeout > 30_000) throw badRequest("TimeoutInMillis", `TimeoutInMillis must be between 50 and 30000 for HTTP APIs; got ${timeout}.`);
      const integration: Integration = {
        IntegrationId: shortId(7),
        IntegrationType: "AWS_PROXY",
        IntegrationUri: request.IntegrationUri,
        IntegrationMethod: "POST",
        PayloadFormatVersion: request.PayloadFormatVersion ?? "2.0",
        TimeoutInMillis: timeout,
        ConnectionType: "INTERNET",
      };
      found.served.integrations.set(integration.IntegrationId, { integration, functionArn });
      return { ...integration };
    },

    /** GetIntegrations. */
    async getIntegrations(request: { ApiId: string }): Promise<{ Items: Integration[] }> {
      return { Items: [...apiOf(request.ApiId).served.integrations.values()].map((i) => ({ ...i.integration })) };
    },

    /** CreateRoute: a route key (`GET /items/{id}`, `ANY /{proxy+}`, `$default`) and its target `integrations/<id>`. */
    async createRoute(request: { ApiId: string; RouteKey: string; Target?: string }): Promise<Route> {
      const found = apiOf(request.ApiId);
      const key = parseRouteKey(request.RouteKey);
      if ([...found.served.routes.values()].some((r) => r.route.RouteKey === request.RouteKey)) {
        throw new MinicloudError("ConflictException", `Route with key ${request.RouteKey} already exists for this API.`, { field: "RouteKey", statusCode: 409 });
      }
      const integrationId = request.Target === undefined ? undefined : /^integrations\/(\w+)$/.exec(request.Target)?.[1];
      if (request.Target !== undefined && (integrationId === undefined || !found.served.integrations.has(integrationId))) {
        throw badRequest("Target", `Target must be "integrations/<IntegrationId>" of an integration of this API; got ${request.Target}.`);
      }
      const route: Route = { RouteId: shortId(7), RouteKey: request.RouteKey, ...(request.Target !== undefined ? { Target: request.Target } : {}), AuthorizationType: "NONE", ApiKeyRequired: false };
      found.served.routes.set(route.RouteId, { route, key });
      return { ...route };
    },

    /** GetRoutes. */
    async getRoutes(request: { ApiId: string }): Promise<{ Items: Route[] }> {
      return { Items: [...apiOf(request.ApiId).served.routes.values()].map((r) => ({ ...r.route })) };
    },

    /** DeleteRoute. */
    async deleteRoute(request: { ApiId: string; RouteId: string }): Promise<void> {
      const found = apiOf(request.ApiId);
      if (!found.served.routes.delete(request.RouteId)) throw notFound("RouteId", `Invalid Route identifier specified ${request.RouteId}.`);
    },

    /** CreateStage: `$default` serves at the root; another name serves under `/<StageName>`. Throttling in DefaultRouteSettings. */
    async createStage(request: {
      ApiId: string;
      StageName: string;
      AutoDeploy?: boolean;
      StageVariables?: Record<string, string>;
      DefaultRouteSettings?: { ThrottlingBurstLimit?: number; ThrottlingRateLimit?: number };
    }): Promise<Stage> {
      const found = apiOf(request.ApiId);
      if (typeof request.StageName !== "string" || !/^(\$default|[a-zA-Z0-9_-]{1,128})$/.test(request.StageName)) {
        throw badRequest("StageName", `StageName is $default or 1-128 letters, digits, - and _; got ${String(request.StageName)}.`);
      }
      if (found.served.stages.has(request.StageName)) throw new MinicloudError("ConflictException", `Stage ${request.StageName} already exists.`, { field: "StageName", statusCode: 409 });
      const settings = { ...DEFAULT_THROTTLE, ...request.DefaultRouteSettings };
      for (const field of ["ThrottlingBurstLimit", "ThrottlingRateLimit"] as const) {
        if (!(typeof settings[field] === "number" && settings[field] >= 0)) throw badRequest(`DefaultRouteSettings.${field}`, `${field} must be a number of at least 0; got ${settings[field]}.`);
      }
      const now = new Date(clock.now());
      const stage: Stage = {
        StageName: request.StageName,
        AutoDeploy: request.AutoDeploy ?? false,
        DefaultRouteSettings: { ...settings, DetailedMetricsEnabled: false },
        StageVariables: { ...request.StageVariables },
        CreatedDate: now,
        LastUpdatedDate: now,
      };
      found.served.stages.set(stage.StageName, {
        stage,
        throttle: { rate: settings.ThrottlingRateLimit, burst: settings.ThrottlingBurstLimit, tokens: settings.ThrottlingBurstLimit, last: clock.now() },
      });
      return structuredClone(stage);
    },

    /** GetStages. */
    async getStages(request: { ApiId: string }): Promise<{ Items: Stage[] }> {
      return { Items: [...apiOf(request.ApiId).served.stages.values()].map((s) => structuredClone(s.stage)) };
    },

    /** Stops serving every API (the session is over). */
    async shutdown(): Promise<void> {
      const all = [...apis.values()];
      apis.clear();
      await Promise.all(all.map((a) => a.listener.close()));
    },
  };
  return service;
}

/** minicloud's API Gateway (HTTP APIs), see {@link createApiGatewayV2}. */
export type ApiGatewayV2 = ReturnType<typeof createApiGatewayV2>;
