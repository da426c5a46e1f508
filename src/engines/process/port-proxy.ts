import { createServer, connect, type Server } from "node:net";
import { portInUse } from "../engine-errors.js";

/**
 * A published port: listens on hostIp:hostPort (127.0.0.1 by default) and pipes each connection to the container's own
 * address, as Docker's userland proxy does. Bound when the container is created, so the port is
 * the container's from then on.
 */
export interface PortProxy {
  readonly hostPort: number;
  close(): Promise<void>;
}

/** Binds a proxy; throws `PortAlreadyAllocated` naming the field when the port is taken. */
export function openPortProxy(hostPort: number, target: { host: string; port: number }, field: string, hostIp = "127.0.0.1"): Promise<PortProxy> {
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    client.pipe(upstream).pipe(client);
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", drop);
    upstream.on("error", drop);
    client.on("close", drop);
    upstream.on("close", drop);
  });
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(error.code === "EADDRINUSE" || error.code === "EACCES" ? portInUse(hostPort, field) : error);
    });
    server.listen(hostPort, hostIp, () => {
      const address = server.address();
      resolve({
        hostPort: typeof address === "object" && address !== null ? address.port : hostPort,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
