import { MinicloudError } from "../core/errors.js";

/** An HTTP answer, read in full. */
export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  /** The body as text. */
  text: string;
  /** The body parsed as JSON (throws when it is not JSON). */
  json<T = any>(): T;
}

/**
 * Fetches a URL, retrying until the service behind it answers (a container that has just started may
 * not be listening yet). Each try is bounded, so a connection that never answers cannot hang it.
 * @example const answer = await waitForHttp(`http://127.0.0.1:${port}/`); answer.json().version
 */
export async function waitForHttp(url: string, options: { timeoutMs?: number; init?: RequestInit } = {}): Promise<HttpAnswer> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { ...options.init, signal: AbortSignal.timeout(2000) });
      const text = await response.text();
      return { status: response.status, headers: Object.fromEntries(response.headers), text, json: () => JSON.parse(text) };
    } catch (error) {
      last = error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new MinicloudError("ServiceUnavailable", `Nothing answered at ${url} within ${timeoutMs} ms (last error: ${(last as Error)?.message ?? last}); check the container's logs.`, {
    statusCode: 503,
  });
}
