// Runs notebook cells with tslab's own compiler and executor, but listens to what they report:
// tslab prints a cell's value and its errors on the console it is given, so we hand it a console
// that records them. That gives the kernel the value itself (to display richly) and the error itself
// (to send as a proper Jupyter error), without forking tslab.
import { createRequire } from "node:module";
import { join } from "node:path";
import { packageRoot } from "minicloud";
import { cellErrorReport, compileErrorReport, type CellDiagnostic, type ErrorReport } from "./error-report.js";

interface ConvertResult {
  output?: string;
  diagnostics: unknown[];
}
interface Converter {
  convert(prevDecl: string, src: string): ConvertResult;
  inspect(prevDecl: string, src: string, position: number): unknown;
  complete(prevDecl: string, src: string, position: number): { start: number; end: number; candidates: string[] };
  addModule(name: string, content: string, meta?: unknown): unknown[];
  close(): void;
}
interface TslabExecutor {
  execute(src: string): Promise<boolean>;
  inspect(src: string, position: number): unknown;
  complete(src: string, position: number): { start: number; end: number; candidates: string[] };
  interrupt(): void;
  close(): void;
}

/** What running one cell gave. */
export type CellOutcome = { status: "ok"; hasValue: boolean; value: unknown } | ({ status: "error" } & ErrorReport);

/** The kernel's view of tslab: run a cell, complete, inspect, interrupt. */
export interface CellExecutor {
  execute(code: string, cellNumber: number): Promise<CellOutcome>;
  complete(code: string, cursor: number): { start: number; end: number; candidates: string[] };
  inspect(code: string, cursor: number): string | undefined;
  interrupt(): void;
  close(): void;
}

/** A cell executor rooted at `rootDir` (the notebook's folder: imports resolve from there). */
export function createCellExecutor(rootDir: string): CellExecutor {
  const requireTslab = createRequire(join(packageRoot(), "package.json"));
  const tslabConverter = requireTslab("tslab/dist/converter.js") as { createConverter(o: object): Converter };
  const tslabExecutor = requireTslab("tslab/dist/executor.js") as { createExecutor(root: string, convs: object, console: object): TslabExecutor };
  const tslabInspect = requireTslab("tslab/dist/inspect.js") as { printQuickInfo(info: unknown): string };

  let node: Converter | undefined;
  let browser: Converter | undefined;
  let lastOutput = "";
  const nodeConverter = (): Converter => (node ??= tslabConverter.createConverter({ isJS: false, isBrowser: false }));
  // Keeps the JavaScript of the last cell, to point a runtime error back at the learner's own line.
  const recording: Converter = {
    convert(prevDecl, src) {
      const result = nodeConverter().convert(prevDecl, src);
      lastOutput = result.output ?? "";
      return result;
    },
    inspect: (...args) => nodeConverter().inspect(...args),
    complete: (...args) => nodeConverter().complete(...args),
    addModule: (...args) => nodeConverter().addModule(...args),
    close: () => node?.close(),
  };
  const converters = {
    get node() {
      return recording;
    },
    get browser() {
      return (browser ??= tslabConverter.createConverter({ isJS: false, isBrowser: true }));
    },
    close() {
      node?.close();
      browser?.close();
    },
  };

  let value: { has: boolean; value: unknown } = { has: false, value: undefined };
  let thrown: { has: boolean; value: unknown } = { has: false, value: undefined };
  let diagnostics: CellDiagnostic[] = [];
  const recorder = {
    log(v: unknown) {
      value = { has: true, value: v };
    },
    error(first: unknown, ...rest: unknown[]) {
      // tslab's diagnostics: console.error("%s%d:%d - %s", fileName, line, column, message), one-based.
      if (first === "%s%d:%d - %s") {
        const [file, line, column, message] = rest as [string, number, number, string];
        diagnostics.push({ file: file.trim(), line: line - 1, column: column - 1, message });
      } else {
        thrown = { has: true, value: first };
      }
    },
  };
  const executor = tslabExecutor.createExecutor(rootDir, converters, recorder);

  return {
    async execute(code, cellNumber) {
      value = { has: false, value: undefined };
      thrown = { has: false, value: undefined };
      diagnostics = [];
      lastOutput = "";
      const ok = await executor.execute(code);
      if (diagnostics.length > 0) return { status: "error", ...compileErrorReport(diagnostics, code, cellNumber) };
      if (!ok || thrown.has) return { status: "error", ...cellErrorReport(thrown.value, code, lastOutput, cellNumber) };
      return { status: "ok", hasValue: value.has, value: value.value };
    },
    complete: (code, cursor) => executor.complete(code, cursor),
    inspect(code, cursor) {
      const info = executor.inspect(code, cursor);
      return info ? tslabInspect.printQuickInfo(info) : undefined;
    },
    interrupt: () => executor.interrupt(),
    close: () => executor.close(),
  };
}
