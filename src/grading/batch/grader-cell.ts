// The cell the grader runs in place of an exercise's check cell. It runs the exercise's checks (public
// and hidden) once, with `check`, `display`, `student` and the library's names bound to the library's own
// values inside its own scope (a submission that redefines `check` or `display` changes nothing here),
// records what every check() found, and prints one line signed with a secret that exists only in this
// cell's source: code that ran before it cannot know the secret, so a printed "✓" or a forged report line
// is never read as a pass.
//
// The instructor's source holds the public checks, then the hidden ones after nbgrader's BEGIN HIDDEN TESTS
// line: the cell marks every check() made, and an error thrown, after that line as hidden, so that what a
// student reads of them can be kept to a name and a result (student-exercise.ts).
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { BEGIN_HIDDEN_TESTS } from "../../notebook/solution-regions.js";
import type { CheckOutcome } from "./types.js";

/** The prefix of the grader cell's report line. */
export const REPORT_PREFIX = "MINICLOUD-GRADE ";

/** What a grader cell reports about one exercise. */
export interface GraderReport {
  exercise: string;
  /** True when the checks ran to the end without throwing. */
  ran: boolean;
  error?: string;
  /** True when the error was thrown by the hidden checks. */
  errorInHidden?: boolean;
  checks: CheckOutcome[];
  durationMs: number;
}

/** A fresh secret for one grader cell. */
export function newCellSecret(): string {
  return randomBytes(32).toString("hex");
}

/**
 * The source of the grader cell for one exercise. Everything before the check source is on line 1, and the
 * check source is not indented, so a compile error's line and column are the check cell's, one line down
 * (see {@link checkCellError}). Nothing is declared at the top level: tslab compiles a cell that declares
 * nothing once, not twice, and the submission's names stay as they were.
 */
export function graderCellSource(options: { exercise: string; checkSource: string; student: string; secret: string; libraryNames: readonly string[] }): string {
  const tag = randomBytes(6).toString("hex");
  const [lib, checks, started, report, hidden] = ["Lib", "Checks", "Started", "Report", "Hidden"].map((n) => `mcGrader${n}${tag}`);
  const shadowed = options.libraryNames.filter((n) => n !== "check" && n !== "display" && n !== "student");
  const exercise = JSON.stringify(options.exercise);
  // Identifiers starting with "__" are avoided: tslab renames them. `await Promise.resolve(...).then(...)`
  // rather than `await (async () => ...)()`, which tslab reads as a call of a function named "await".
  // `require`, not `import()`: TypeScript counts an `import()` among a file's imports, and a cell whose
  // imports differ from the cell compiled before it makes tslab's next program re-walk every file it holds
  // (about 0.1 s of CPU, twice per exercise: after the student's cell, which imports nothing, and before the
  // next). The library's values are the same; its types are not needed here.
  const prelude = [
    `await Promise.resolve(require("minicloud")).then(async (${lib}) => {`,
    `const ${checks}: { exercise: string; passed: boolean; message: string; counterexample?: { input: string; expected: string; actual: string }; hint?: string; hidden?: boolean }[] = [];`,
    `const ${started} = Date.now();`,
    `let ${hidden} = false;`,
    `let ${report}: { exercise: string; ran: boolean; error?: string; errorInHidden?: boolean; checks: typeof ${checks}; durationMs: number };`,
    `try {`,
    `const check = async (id: string, answer: unknown) => {`,
    `const r = await ${lib}.check(id, answer);`,
    `${checks}.push({ exercise: r.exercise, passed: r.passed === true, message: String(r.message), ...(r.counterexample ? { counterexample: { ...r.counterexample } } : {}), ...(r.hint ? { hint: r.hint } : {}), ...(${hidden} ? { hidden: true } : {}) });`,
    `return r;`,
    `};`,
    `const display = (_value: unknown): undefined => undefined;`,
    `const student = ${JSON.stringify(options.student)};`,
    shadowed.length > 0 ? `const { ${shadowed.join(", ")} } = ${lib};` : "",
    `void check; void display; void student;`,
    `{`,
  ];
  const epilogue = [
    `}`,
    `${report} = { exercise: ${exercise}, ran: true, checks: ${checks}, durationMs: Date.now() - ${started} };`,
    `} catch (error) {`,
    `${report} = { exercise: ${exercise}, ran: false, error: error instanceof Error ? error.name + ": " + error.message : String(error), ...(${hidden} ? { errorInHidden: true } : {}), checks: ${checks}, durationMs: Date.now() - ${started} };`,
    `}`,
    `const body = JSON.stringify(${report});`,
    `const mac = require("crypto").createHmac("sha256", ${JSON.stringify(options.secret)}).update(body).digest("hex");`,
    `console.log(${JSON.stringify(REPORT_PREFIX)} + Buffer.from(body).toString("base64") + " " + mac);`,
    `});`,
  ];
  // The marker line gets the switch in front, on the same line: the check source's lines keep their numbers.
  const checkSource = options.checkSource
    .split("\n")
    .map((line) => (line.trim() === BEGIN_HIDDEN_TESTS ? `${hidden} = true; ${line}` : line))
    .join("\n");
  return `${prelude.filter((l) => l !== "").join(" ")}\n${checkSource}\n${epilogue.join("\n")}`;
}

/** The grader cell's error in the words of the check cell it replaced: a compile error's line is one up. */
export function checkCellError(error: string): string {
  return error.replace(/^CompileError: line (\d+)/, (_, line: string) => `CompileError: line ${Math.max(1, Number(line) - 1)}`);
}

/**
 * Reads the grader cell's report from its stdout: the one line whose signature verifies with the cell's
 * secret and names the exercise. Anything else (no line, a forged line, a line for another exercise) is undefined.
 */
export function readGraderReport(stdout: string, exercise: string, secret: string): GraderReport | undefined {
  for (const line of stdout.split("\n")) {
    if (!line.startsWith(REPORT_PREFIX)) continue;
    const [encoded, mac] = line.slice(REPORT_PREFIX.length).trim().split(" ");
    if (encoded === undefined || mac === undefined || !/^[0-9a-f]{64}$/.test(mac)) continue;
    const body = Buffer.from(encoded, "base64").toString("utf8");
    const expected = createHmac("sha256", secret).update(body).digest();
    if (!timingSafeEqual(expected, Buffer.from(mac, "hex"))) continue;
    try {
      const report = JSON.parse(body) as GraderReport;
      if (report.exercise === exercise && Array.isArray(report.checks)) return report;
    } catch {
      // A signed line that does not parse cannot come from the grader's cell; keep looking.
    }
  }
  return undefined;
}
