import { createRequire } from "node:module";
import { join } from "node:path";
import { packageRoot } from "minicloud";

type Completeness = { status: "complete" } | { status: "incomplete"; indent: string } | { status: "invalid" };

interface Ts {
  createSourceFile(name: string, text: string, target: number, setParents?: boolean): { parseDiagnostics?: { code: number; start?: number }[] };
  ScriptTarget: { Latest: number };
}

const UNTERMINATED_TEMPLATE = 1160;

const requireTslab = createRequire(join(packageRoot(), "package.json"));
let ts: Ts | undefined;
let isCompleteCode: ((code: string) => { completed: boolean; indent?: string }) | undefined;

/**
 * Whether a cell is ready to run (`is_complete_request`): tslab knows when code is unfinished (an open
 * brace, a pending string); what is finished but cannot parse is `invalid`, so a console does not
 * wait for more input that would never make it right.
 */
export function codeCompleteness(code: string): Completeness {
  isCompleteCode ??= (requireTslab("tslab/dist/converter.js") as { isCompleteCode: typeof isCompleteCode }).isCompleteCode!;
  const tslab = isCompleteCode(code);
  if (!tslab.completed) return { status: "incomplete", indent: tslab.indent ?? "" };
  ts ??= requireTslab("@tslab/typescript-for-tslab") as Ts;
  const diagnostics = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.Latest).parseDiagnostics ?? [];
  if (diagnostics.length === 0) return { status: "complete" };
  // An open template literal (TS1160) or an error at the very end is code still being typed.
  const stillTyping = diagnostics.every((d) => d.code === UNTERMINATED_TEMPLATE || (d.start ?? 0) >= code.trimEnd().length);
  return stillTyping ? { status: "incomplete", indent: "" } : { status: "invalid" };
}
