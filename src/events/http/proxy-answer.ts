// What API Gateway (both payload formats) and Application Load Balancers read the same way in a Lambda
// function's answer to an HTTP request. Each caller adds its own rules (shortcuts, cookies, merging).

/** A function's answer to an HTTP request: the fields a proxy reads. */
export interface ProxyAnswer {
  statusCode?: unknown;
  statusDescription?: unknown;
  headers?: unknown;
  multiValueHeaders?: unknown;
  cookies?: unknown;
  body?: unknown;
  isBase64Encoded?: unknown;
}

/** The answer parsed as JSON, or undefined when it is not JSON. */
export function parseAnswer(payload: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(payload) };
  } catch {
    return undefined;
  }
}

/** The answer as a response object, or undefined when it is not a JSON object. */
export function asResponseObject(value: unknown): ProxyAnswer | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as ProxyAnswer) : undefined;
}

/** The status code when it is a whole number from 100 to 599. */
export function answerStatus(answer: ProxyAnswer): number | undefined {
  const status = Number(answer.statusCode);
  return answer.statusCode !== undefined && Number.isInteger(status) && status >= 100 && status <= 599 ? status : undefined;
}

/** The body's bytes (text, or base64 with isBase64Encoded true; none when absent or null), or undefined when it is not a string. */
export function answerBody(answer: ProxyAnswer): Buffer | undefined {
  if (answer.body === undefined || answer.body === null) return Buffer.alloc(0);
  if (typeof answer.body !== "string") return undefined;
  return Buffer.from(answer.body, answer.isBase64Encoded === true ? "base64" : "utf8");
}

const isHeaderValue = (v: unknown) => typeof v === "string" || typeof v === "number" || typeof v === "boolean";

/**
 * Headers as given — `{ name: value }`, or with `multi` `{ name: [values] }` — by lowercased name, each
 * with its values as text; empty when absent or null; undefined when malformed (a value of the wrong kind).
 */
export function answerHeaders(value: unknown, multi: boolean): Map<string, string[]> | undefined {
  const out = new Map<string, string[]>();
  if (value === undefined || value === null) return out;
  if (typeof value !== "object" || Array.isArray(value)) return undefined;
  for (const [name, given] of Object.entries(value)) {
    const values = multi ? given : [given];
    if (!Array.isArray(values) || !values.every(isHeaderValue)) return undefined;
    out.set(name.toLowerCase(), values.map(String));
  }
  return out;
}
