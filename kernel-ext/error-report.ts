import { inspect } from "node:util";

/** A Jupyter error: its name, its message, and the lines a frontend shows (ANSI colours allowed). */
export interface ErrorReport {
  ename: string;
  evalue: string;
  traceback: string[];
}

/** One TypeScript diagnostic in a cell, as tslab reports it (zero-based line and column). */
export interface CellDiagnostic {
  file: string;
  line: number;
  column: number;
  message: string;
}

const RED = "\u001b[31m";
const BOLD = "\u001b[1m";
const RESET = "\u001b[0m";

function lineOf(code: string, index: number): string {
  return code.split("\n")[index] ?? "";
}

/** A compile error: every diagnostic with the cell line and column, the line itself and a caret. */
export function compileErrorReport(diagnostics: CellDiagnostic[], code: string, cell: number): ErrorReport {
  const traceback: string[] = [];
  for (const d of diagnostics) {
    const where = d.file ? `${d.file} line ${d.line + 1}, column ${d.column + 1}` : `cell [${cell}] line ${d.line + 1}, column ${d.column + 1}`;
    traceback.push(`${RED}${BOLD}${where}${RESET}: ${d.message}`);
    if (!d.file) traceback.push(`    ${lineOf(code, d.line)}`, `    ${" ".repeat(d.column)}${RED}^${RESET}`);
  }
  const first = diagnostics[0]!;
  return {
    ename: "CompileError",
    evalue: `line ${first.line + 1}, column ${first.column + 1}: ${first.message}`,
    traceback,
  };
}

function tokens(text: string): string[] {
  return text.match(/[A-Za-z_$][\w$]*|\d+|"[^"]*"|'[^']*'|`[^`]*`/g) ?? [];
}

/**
 * The learner's line that a line of compiled JavaScript came from. tslab gives no source map, but
 * compiling TypeScript mostly strips types and keeps statements, so the cell line sharing the most
 * tokens with the JavaScript line is the one (undefined when nothing is close).
 */
export function sourceLineFor(jsLine: string, code: string): number | undefined {
  const wanted = tokens(jsLine.replace(/\bexports\./g, ""));
  if (wanted.length === 0) return undefined;
  let best: { line: number; score: number } | undefined;
  code.split("\n").forEach((line, index) => {
    const have = new Set(tokens(line));
    if (have.size === 0) return;
    const common = wanted.filter((t) => have.has(t)).length;
    const score = common / Math.max(wanted.length, have.size);
    if (best === undefined || score > best.score) best = { line: index, score };
  });
  return best !== undefined && best.score >= 0.5 ? best.line : undefined;
}

/** A runtime error: its name and message, then where it happened — in the learner's cell first. */
export function cellErrorReport(thrown: unknown, code: string, jsOutput: string, cell: number): ErrorReport {
  const isError = thrown instanceof Error;
  const ename = isError ? thrown.name : "Error";
  const evalue = isError ? thrown.message : `a non-Error value was thrown: ${inspect(thrown)}`;
  const traceback = [`${RED}${BOLD}${ename}${RESET}: ${evalue}`];
  const jsLines = jsOutput.split("\n");
  const stack = isError ? (thrown.stack ?? "").split("\n").slice(1) : [];
  for (const frame of stack) {
    const inCell = /evalmachine\.<anonymous>:(\d+):\d+/.exec(frame);
    if (inCell) {
      const line = sourceLineFor(jsLines[Number(inCell[1]) - 1] ?? "", code);
      traceback.push(line === undefined ? "    in an earlier cell" : `    at cell [${cell}] line ${line + 1}: ${lineOf(code, line).trim()}`);
    } else if (!/node:internal|\(node:|tslab[/\\]dist/.test(frame)) {
      traceback.push(frame);
    }
  }
  if (isError && (thrown as { cause?: unknown }).cause !== undefined) {
    traceback.push(`caused by: ${inspect((thrown as { cause?: unknown }).cause, { depth: 1 })}`);
  }
  return { ename: ename === "Error" && /Interrupted asynchronously/.test(evalue) ? "Interrupted" : ename, evalue, traceback: dedupe(traceback) };
}

function dedupe(lines: string[]): string[] {
  return lines.filter((line, i) => i === 0 || line !== lines[i - 1]);
}
