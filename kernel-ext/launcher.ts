// The `minicloud` kernel: Jupyter runs `node launcher.js <connection file>` (see kernelspec.ts) in the
// notebook's folder. It serves the Jupyter protocol itself (kernel-server.ts) and runs cells with the
// project's own tslab, the version package.json pins.
import { createRequire } from "node:module";
import { join } from "node:path";
import { packageRoot } from "minicloud";
import { serveKernel } from "./kernel-server.js";

const connectionFile = process.argv[2];
if (connectionFile === undefined) {
  process.stderr.write("usage: launcher.js <connection file>  (Jupyter passes it; run notebooks with `npm start`)\n");
  process.exit(2);
}

const requireFromProject = createRequire(join(packageRoot(), "package.json"));
const versions = {
  typescriptVersion: (requireFromProject("@tslab/typescript-for-tslab/package.json") as { version: string }).version,
  tslabVersion: (requireFromProject("tslab/package.json") as { version: string }).version,
};

// Exit normally on the signals Jupyter stops kernels with, so that minicloud's exit hooks stop the
// session's container processes instead of leaving them running. SIGINT interrupts the running cell.
for (const signal of ["SIGTERM", "SIGHUP"] as const) process.on(signal, () => process.exit(128 + (signal === "SIGTERM" ? 15 : 1)));
// A kernel whose parent (Jupyter, the headless runner, a grader) died without stopping it is an orphan no
// one will ever stop: leave as ipykernel does, by watching for the parent to change.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(128 + 1);
}, 1000).unref();
process.on("uncaughtException", (error) => process.stderr.write(`Uncaught exception (outside any cell): ${error.stack ?? error}\n`));
process.on("unhandledRejection", (reason) => process.stderr.write(`Unhandled promise rejection (outside any cell): ${reason instanceof Error ? reason.stack : String(reason)}\n`));

await serveKernel(connectionFile, { rootDir: process.cwd(), ...versions });
process.exit(0);
