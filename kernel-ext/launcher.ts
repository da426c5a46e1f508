// The `minicloud` kernel: Jupyter runs `node launcher.js <connection file>` (see kernelspec.ts).
// It starts the project's own tslab in this process, after connecting minicloud's display() to
// the notebook, so that a chart or a table shows as one rich output.
import { createRequire } from "node:module";
import { join } from "node:path";
import { packageRoot, setDisplaySink, type MimeBundle } from "minicloud";

interface TslabJupyter {
  lastWriteDisplayData: ((data: { data: MimeBundle; metadata: object; transient: object }, update: boolean) => void) | null;
}
interface TslabMain {
  startKernel(options: { configPath: string; enableFindLocal: boolean; jsKernel: boolean }): void;
}

const connectionFile = process.argv[2];
if (connectionFile === undefined) {
  console.error("usage: launcher.js <connection file>  (Jupyter passes it; run notebooks with `npm start`)");
  process.exit(2);
}

// Resolve tslab from the project, so the kernel is the tslab version package.json pins.
const requireFromProject = createRequire(join(packageRoot(), "package.json"));
const tslabJupyter = requireFromProject("tslab/dist/jupyter.js") as TslabJupyter;
const tslabMain = requireFromProject("tslab/dist/main.js") as TslabMain;

setDisplaySink((bundle) => {
  // tslab keeps the writer of the cell being executed here; there is none between cells.
  const write = tslabJupyter.lastWriteDisplayData;
  if (write === null) throw new Error("display() was called before any cell ran; call it from a cell.");
  write({ data: bundle, metadata: {}, transient: {} }, false);
});

tslabMain.startKernel({ configPath: connectionFile, enableFindLocal: false, jsKernel: false });

// Jupyter stops a kernel with a signal when a shutdown request is not enough; exiting normally lets
// minicloud's exit hooks stop the session's container processes instead of leaving them running.
for (const signal of ["SIGTERM", "SIGHUP"] as const) process.on(signal, () => process.exit(128 + (signal === "SIGTERM" ? 15 : 1)));
