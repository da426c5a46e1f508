import { MinicloudError } from "../../core/errors.js";

// CORS for HTTP APIs: with a CorsConfiguration, API Gateway answers browsers' preflight OPTIONS requests
// itself — the function is not invoked, and no OPTIONS route is needed — and adds the CORS headers to the
// answers of cross-origin requests from allowed origins, ignoring any CORS headers the function sets.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html

/** An HTTP API's CORS configuration, in AWS's names. */
export interface CorsConfiguration {
  /** Origins allowed to call the API (`https://www.example.com`), or `*` for any. */
  AllowOrigins?: string[];
  /** Methods a preflight allows (`GET`, `POST`...), or `*`. */
  AllowMethods?: string[];
  /** Request headers a preflight allows (`content-type`, `authorization`...), or `*`. */
  AllowHeaders?: string[];
  /** Response headers a browser lets the page read. */
  ExposeHeaders?: string[];
  /** How long (s) a browser may cache a preflight's answer: -1 to 86,400. */
  MaxAge?: number;
  /** Whether the browser may send cookies and credentials (not with the `*` origin). */
  AllowCredentials?: boolean;
}

const METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "*"]);
const ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\s]+$/i;
const LISTS = ["AllowOrigins", "AllowMethods", "AllowHeaders", "ExposeHeaders"] as const;

function badCors(field: string, message: string): MinicloudError {
  return new MinicloudError("BadRequestException", message, { field: `CorsConfiguration.${field}`, statusCode: 400 });
}

/** Checks a CorsConfiguration as API Gateway does and answers a copy of it. */
export function validateCors(config: unknown): CorsConfiguration {
  if (config === null || typeof config !== "object" || Array.isArray(config)) {
    throw new MinicloudError("BadRequestException", "CorsConfiguration must be an object such as { AllowOrigins: [\"https://www.example.com\"], AllowMethods: [\"GET\"] }.", { field: "CorsConfiguration", statusCode: 400 });
  }
  const c = config as Record<string, unknown>;
  const known = new Set<string>([...LISTS, "MaxAge", "AllowCredentials"]);
  const stray = Object.keys(c).find((k) => !known.has(k));
  if (stray) throw badCors(stray, `Unknown CORS setting ${stray}; the settings are ${[...known].join(", ")}.`);
  const out: CorsConfiguration = {};
  for (const list of LISTS) {
    const value = c[list];
    if (value === undefined) continue;
    if (!Array.isArray(value) || !value.every((v) => typeof v === "string" && v.length > 0)) throw badCors(list, `${list} must be a list of non-empty strings; got ${JSON.stringify(value)}.`);
    out[list] = [...value];
  }
  const badOrigin = out.AllowOrigins?.find((o) => o !== "*" && !ORIGIN.test(o));
  if (badOrigin !== undefined) throw badCors("AllowOrigins", `Invalid origin ${badOrigin}: give a scheme and host (and port), such as https://www.example.com, or * for any origin.`);
  const badMethod = out.AllowMethods?.find((m) => !METHODS.has(m.toUpperCase()));
  if (badMethod !== undefined) throw badCors("AllowMethods", `Invalid method ${badMethod}: use ${[...METHODS].join(", ")}.`);
  if (c["MaxAge"] !== undefined) {
    const maxAge = c["MaxAge"];
    if (typeof maxAge !== "number" || !Number.isInteger(maxAge) || maxAge < -1 || maxAge > 86_400) throw badCors("MaxAge", `MaxAge must be a whole number of seconds from -1 to 86400; got ${String(maxAge)}.`);
    out.MaxAge = maxAge;
  }
  if (c["AllowCredentials"] !== undefined) {
    if (typeof c["AllowCredentials"] !== "boolean") throw badCors("AllowCredentials", `AllowCredentials must be true or false; got ${String(c["AllowCredentials"])}.`);
    out.AllowCredentials = c["AllowCredentials"];
  }
  // Browsers refuse credentials with a wildcard origin, so API Gateway refuses the configuration.
  if (out.AllowCredentials && out.AllowOrigins?.includes("*")) {
    throw badCors("AllowCredentials", "allow-credentials is not supported if 'allow-origin' is * (list the origins allowed instead).");
  }
  return out;
}

/** Whether a request is a browser's CORS preflight: OPTIONS with an Origin and Access-Control-Request-Method. */
export function isPreflight(method: string, headers: Map<string, string[]>): boolean {
  return method === "OPTIONS" && headers.has("origin") && headers.has("access-control-request-method");
}

/** The value Access-Control-Allow-Origin takes for this origin: `*`, the origin itself, or none when it is not allowed. */
function allowedOrigin(cors: CorsConfiguration, origin: string | undefined): string | undefined {
  if (origin === undefined) return undefined;
  const origins = cors.AllowOrigins ?? [];
  if (origins.includes("*")) return "*";
  return origins.some((o) => o.toLowerCase() === origin.toLowerCase()) ? origin : undefined;
}

/** API Gateway's own answer to a preflight (204, no function): the CORS headers when the origin is allowed, else none. */
export function preflightHeaders(cors: CorsConfiguration, headers: Map<string, string[]>): Record<string, string> {
  const origin = allowedOrigin(cors, headers.get("origin")?.[0]);
  if (origin === undefined) return {};
  return {
    "access-control-allow-origin": origin,
    ...(cors.AllowMethods?.length ? { "access-control-allow-methods": cors.AllowMethods.join(",") } : {}),
    ...(cors.AllowHeaders?.length ? { "access-control-allow-headers": cors.AllowHeaders.join(",") } : {}),
    ...(cors.MaxAge !== undefined ? { "access-control-max-age": String(cors.MaxAge) } : {}),
    ...(cors.AllowCredentials ? { "access-control-allow-credentials": "true" } : {}),
  };
}

/**
 * A response's headers for a cross-origin request: the function's own Access-Control-* headers removed,
 * and for an allowed origin Access-Control-Allow-Origin, -Allow-Credentials and -Expose-Headers added.
 */
export function withCorsHeaders(cors: CorsConfiguration, origin: string | undefined, headers: Record<string, string | string[]>): Record<string, string | string[]> {
  const out = Object.fromEntries(Object.entries(headers).filter(([name]) => !name.toLowerCase().startsWith("access-control-")));
  const allowed = allowedOrigin(cors, origin);
  if (allowed === undefined) return out;
  return {
    ...out,
    "access-control-allow-origin": allowed,
    ...(cors.AllowCredentials ? { "access-control-allow-credentials": "true" } : {}),
    ...(cors.ExposeHeaders?.length ? { "access-control-expose-headers": cors.ExposeHeaders.join(",") } : {}),
  };
}
