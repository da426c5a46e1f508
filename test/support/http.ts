import { request } from "node:http";

/** An HTTP answer, read in full. */
export interface Answer {
  status: number;
  statusMessage: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
  json<T = any>(): T;
}

/**
 * One HTTP request with exactly the headers given (and Host), as curl sends them: fetch would add its
 * own (accept-language, sec-fetch-mode...), which would change the events the tests compare.
 */
export function http(url: string, options: { method?: string; headers?: Record<string, string | string[]>; body?: string | Buffer } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // A new connection each time, so a server that went away is refused, not found half-closed.
    const req = request(url, { method: options.method ?? "GET", headers: options.headers ?? {}, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const body = Buffer.concat(chunks);
        const text = body.toString();
        resolve({ status: res.statusCode ?? 0, statusMessage: res.statusMessage ?? "", headers: res.headers, body, text, json: () => JSON.parse(text) });
      });
    });
    req.on("error", reject);
    req.end(options.body);
  });
}
