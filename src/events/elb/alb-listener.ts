import type { IncomingMessage, ServerResponse } from "node:http";
import type { Lambda } from "../../lambda/lambda-service.js";
import { clientIp, headerValues, isTextBody, readBody, send, traceId } from "../http/http-request.js";
import { albErrorPage, albEvent, albResponse } from "./alb-event.js";

/** A Lambda target's request body may be at most 1 MB. */
export const MAX_ALB_REQUEST_BYTES = 1024 * 1024;

/** A listener action, in AWS's names: forward to a target group, or answer with a fixed response. */
export type Action =
  | { Type: "forward"; TargetGroupArn: string; Order?: number }
  | { Type: "fixed-response"; FixedResponseConfig: { StatusCode: string; ContentType?: string; MessageBody?: string }; Order?: number };

/** A rule condition: path patterns (`*` and `?` wildcards) or HTTP methods. */
export interface RuleCondition {
  Field: "path-pattern" | "http-request-method";
  Values: string[];
}

/** What the listener reads at each request (rules and target groups may change meanwhile). */
export interface ServedListener {
  port: number;
  defaultActions: Action[];
  /** By priority, lowest first. */
  rules: { priority: number; conditions: RuleCondition[]; actions: Action[] }[];
  targetGroup(arn: string): { functionArn?: string; multiValue: boolean } | undefined;
}

function wildcard(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
}

function matches(conditions: RuleCondition[], method: string, path: string): boolean {
  return conditions.every((c) => (c.Field === "path-pattern" ? c.Values.some((v) => wildcard(v).test(path)) : c.Values.includes(method)));
}

const REASONS: Record<number, string> = { 413: "Request Entity Too Large", 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Temporarily Unavailable" };

/**
 * The HTTP side of an ALB listener: the first rule (by priority) whose conditions match picks the
 * action, else the default; a forward to a Lambda target invokes it with the ALB event and maps its
 * answer. The load balancer's own answers are HTML pages: 413 body over 1 MB, 502 when the function
 * fails, is throttled or answers badly, 503 when the target group has no target.
 */
export function albHandler(listener: ServedListener, deps: { lambda: Lambda; now(): number }) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const fail = (status: number) => send(res, status, { "content-type": "text/html", server: "awselb/2.0" }, albErrorPage(status, REASONS[status]!));
    void (async () => {
      const url = req.url ?? "/";
      const q = url.indexOf("?");
      const path = q < 0 ? url : url.slice(0, q);
      const method = req.method ?? "GET";
      const actions = listener.rules.find((r) => matches(r.conditions, method, path))?.actions ?? listener.defaultActions;
      const action = [...actions].sort((a, b) => (a.Order ?? 0) - (b.Order ?? 0))[0];
      if (action?.Type === "fixed-response") {
        const config = action.FixedResponseConfig;
        return send(res, Number(config.StatusCode), { "content-type": config.ContentType ?? "text/plain", server: "awselb/2.0" }, config.MessageBody ?? "");
      }
      const group = action && listener.targetGroup(action.TargetGroupArn);
      if (!action || !group?.functionArn) return fail(503);
      const body = await readBody(req, MAX_ALB_REQUEST_BYTES);
      if (body === undefined) return fail(413);
      const headers = headerValues(req, { keepHopByHop: true });
      headers.set("x-amzn-trace-id", [traceId(deps.now())]);
      headers.set("x-forwarded-for", [[...(headers.get("x-forwarded-for") ?? []), clientIp(req)].join(", ")]);
      headers.set("x-forwarded-port", [String(listener.port)]);
      headers.set("x-forwarded-proto", ["http"]);
      const event = albEvent({
        targetGroupArn: action.TargetGroupArn,
        method,
        path,
        rawQueryString: q < 0 ? "" : url.slice(q + 1),
        headers,
        body,
        bodyIsText: isTextBody(headers.get("content-type")?.[0], body),
        multiValue: group.multiValue,
      });
      const response = await deps.lambda.invoke({ FunctionName: group.functionArn, Payload: JSON.stringify(event) }).catch(() => undefined);
      const mapped = response && !response.FunctionError ? albResponse(response.Payload?.transformToString() ?? "null", group.multiValue) : undefined;
      if (!mapped) return fail(502);
      send(res, mapped.status, mapped.headers, mapped.body, mapped.statusMessage);
    })().catch(() => fail(500));
  };
}
