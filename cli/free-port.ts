import { createServer } from "node:net";

function isFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** The first free TCP port on `host` from `start` upward (Jupyter's habit: 8888, 8889, ...). */
export async function firstFreePort(start: number, host = "127.0.0.1", tries = 50): Promise<number> {
  for (let port = start; port < start + tries; port++) {
    if (await isFree(port, host)) return port;
  }
  throw new Error(`no free port on ${host} between ${start} and ${start + tries - 1}; pass --port with a free one.`);
}

/** Resolves once something accepts connections on host:port, or false after `timeoutMs`. */
export async function waitForPort(port: number, host: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await isFree(port, host))) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}
