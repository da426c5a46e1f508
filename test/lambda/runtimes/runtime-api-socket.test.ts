import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { promisify } from "node:util";
import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { packageRoot } from "minicloud";

interface Connection {
  write(text: string): void;
}
type Open = (host: string, port: number, onData: (chunk: Buffer) => void, onClose: (error?: Error) => void) => Connection | undefined;

const SOCKET_MODULE = join(packageRoot(), "src", "lambda", "runtimes", "runtime-api-socket.cjs");
const socketModule = createRequire(import.meta.url)(SOCKET_MODULE) as {
  openSocket: Open;
  openTcpHandle: Open;
  openNetSocket: Open;
};

const run = promisify(execFile);

let servers: Server[] = [];
const accepted = new Set<Socket>();
afterEach(async () => {
  for (const socket of accepted) socket.destroy();
  accepted.clear();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  servers = [];
});

async function listen(onConnection: (socket: Socket) => void): Promise<number> {
  const server = createServer((socket) => {
    accepted.add(socket);
    onConnection(socket);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return (server.address() as AddressInfo).port;
}

/** Opens a connection that collects what it reads (as bytes: a chunk may end inside a character), and how it ended. */
function open(kind: Open, port: number, host = "127.0.0.1") {
  const chunks: Buffer[] = [];
  let bytes = 0;
  let readers: (() => void)[] = [];
  let ended!: (error: Error | undefined) => void;
  const closed = new Promise<Error | undefined>((r) => (ended = r));
  const connection = kind(
    host,
    port,
    (chunk) => {
      chunks.push(chunk);
      bytes += chunk.length;
      readers.forEach((r) => r());
    },
    (error) => ended(error),
  );
  if (connection === undefined) throw new Error("expected the connection to open");
  const readAtLeast = (text: string) =>
    new Promise<string>((resolve) => {
      const check = () => bytes >= Buffer.byteLength(text) && resolve(Buffer.concat(chunks).toString("utf8"));
      readers.push(check);
      check();
    }).finally(() => (readers = []));
  return { connection, closed, readAtLeast };
}

describe("the runtime client's connection to the Runtime API", () => {
  it("is made with Node's TCP handle on this Node.js (node:net is only the fallback)", async () => {
    const port = await listen((socket) => socket.end());
    let closed!: () => void;
    const done = new Promise<void>((r) => (closed = r));
    expect(socketModule.openTcpHandle("127.0.0.1", port, () => undefined, () => closed())).toBeDefined();
    await done;
  });

  it("reaches a Runtime API given by host name, through node:net", async () => {
    const port = await listen((socket) => socket.pipe(socket));
    const { connection, readAtLeast } = open(socketModule.openSocket, port, "localhost");
    connection.write("GET next\r\n");
    expect(await readAtLeast("GET next\r\n")).toBe("GET next\r\n");
  });

  it("prints no deprecation warning into the function's log under --pending-deprecation (it uses node:net then)", async () => {
    const port = await listen((socket) => socket.end("hi"));
    const script = `require(${JSON.stringify(SOCKET_MODULE)}).openSocket("127.0.0.1", ${port}, (d) => process.stdout.write(d), () => undefined);`;
    const { stdout, stderr } = await run(process.execPath, ["--pending-deprecation", "-e", script]);
    expect(stdout).toBe("hi");
    expect(stderr).toBe("");
  });

  for (const [name, kind] of [["Node's TCP handle", socketModule.openTcpHandle], ["node:net", socketModule.openNetSocket]] as const) {
    describe(`through ${name}`, () => {
      it("sends what is written before and after it connects, in order, and reads the answer", async () => {
        const port = await listen((socket) => socket.pipe(socket));
        const { connection, readAtLeast } = open(kind, port);
        connection.write("GET one\r\n");
        connection.write("GET two\r\n");
        expect(await readAtLeast("GET one\r\nGET two\r\n")).toBe("GET one\r\nGET two\r\n");
        connection.write("POST é\r\n");
        expect(await readAtLeast("GET one\r\nGET two\r\nPOST é\r\n")).toBe("GET one\r\nGET two\r\nPOST é\r\n");
      });

      it("carries a 6 MB body whole, both ways", async () => {
        const port = await listen((socket) => socket.pipe(socket));
        const { connection, readAtLeast } = open(kind, port);
        const body = "é".repeat(3 * 1024 * 1024);
        connection.write(body);
        const echoed = await readAtLeast(body);
        expect(echoed.length).toBe(body.length);
        expect(echoed === body).toBe(true);
      });

      it("says when the Runtime API closes the connection, with no error", async () => {
        const port = await listen((socket) => socket.end());
        const { closed } = open(kind, port);
        expect(await closed).toBeUndefined();
      });

      it("says when the connection is refused, with the system's error code", async () => {
        const port = await listen(() => undefined);
        await new Promise((r) => servers.pop()!.close(r));
        const { closed } = open(kind, port);
        expect(await closed).toMatchObject({ code: "ECONNREFUSED", syscall: "connect" });
      });
    });
  }
});
