import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { MinicloudError } from "../core/errors.js";
import type { Runtime } from "./function-config.js";

type EsbuildMessage = { text: string; location: { file: string; line: number; column: number; lineText: string } | null };

const COMPILED: Record<string, string> = { ".ts": ".js", ".mts": ".mjs", ".cts": ".cjs" };

/** The file a handler names, without extension: `src/app.handler` → `src/app`. */
function handlerModule(handler: string): string {
  return handler.replace(/\.[^.]+$/, "");
}

/** Whether the package's nearest package.json says `"type": "module"` (then `.js` is an ES module). */
function isModulePackage(task: string, from: string): boolean {
  for (let dir = from; dir.startsWith(task); dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        return (JSON.parse(readFileSync(manifest, "utf8")) as { type?: string }).type === "module";
      } catch {
        return false;
      }
    }
    if (dir === task) break;
  }
  return false;
}

/** A compile error as a learner reads it: file, line and column (1-based), the line, and a caret. */
function describeError(task: string, message: EsbuildMessage): string {
  const where = message.location;
  if (!where) return message.text;
  const file = relative(task, join(task, where.file)) || where.file;
  const caret = `${" ".repeat(where.column)}^`;
  return `${file}:${where.line}:${where.column + 1}: ${message.text}\n    ${where.lineText}\n    ${caret}`;
}

/**
 * Compiles a TypeScript handler (`index.ts` for Handler `index.handler`) into the JavaScript the
 * Node.js runtime loads, as `sam build` does with esbuild: the handler's file and the local files it
 * imports are bundled into one `.js` (`.mjs` for `.mts`) beside it; packages stay `require`s, found in
 * the package's node_modules at run time — `@aws-sdk/*` in the SDK the runtime carries, as AWS
 * recommends for TypeScript functions (`External: ["@aws-sdk/*"]`). Types are erased, not checked (esbuild does not type-check;
 * neither does AWS's esbuild build). Does nothing when the handler's file is JavaScript or absent.
 *
 * A handler that does not compile is refused here, at CreateFunction or UpdateFunctionCode, with
 * InvalidParameterValueException naming file, line and column: on AWS a TypeScript function is built
 * before it is deployed, so a learner meets the error at deploy time, never in an invocation.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/typescript-package.html
 */
export async function compileTypeScriptHandler(task: string, handler: string, runtime: Runtime, field: string): Promise<void> {
  const module = join(task, handlerModule(handler));
  // A handler naming a file outside the package is the runtime's to refuse (Runtime.MalformedHandlerName);
  // nothing is compiled, or written, outside the package.
  if (relative(task, module).startsWith("..")) return;
  if ([".js", ".cjs", ".mjs"].some((extension) => existsSync(module + extension))) return;
  const source = Object.keys(COMPILED).find((extension) => existsSync(module + extension));
  if (source === undefined) return;
  const entry = module + source;
  const esm = source === ".mts" || (source === ".ts" && isModulePackage(task, dirname(entry)));
  const nodeMajor = /^nodejs(\d+)/.exec(runtime)?.[1] ?? "20";
  // Loaded on first use: esbuild starts a helper process, which only functions with TypeScript need.
  const esbuild = await import("esbuild");
  try {
    await esbuild.build({
      entryPoints: [entry],
      outfile: module + COMPILED[source]!,
      bundle: true,
      packages: "external",
      platform: "node",
      target: `node${nodeMajor}`,
      format: esm ? "esm" : "cjs",
      // Linked source maps, so NODE_OPTIONS=--enable-source-maps shows .ts lines in stack traces, as on AWS.
      sourcemap: "linked",
      absWorkingDir: task,
      logLevel: "silent",
    });
  } catch (error) {
    const errors = (error as { errors?: EsbuildMessage[] }).errors ?? [];
    if (errors.length === 0) throw error;
    throw new MinicloudError(
      "InvalidParameterValueException",
      `The TypeScript handler does not compile (${errors.length} error${errors.length === 1 ? "" : "s"}); fix it and deploy again:\n${errors.map((e) => describeError(task, e)).join("\n")}`,
      { field },
    );
  }
}
