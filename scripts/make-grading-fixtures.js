// Writes test/fixtures/grading/a1/*.ipynb: submissions of the a1-lambda assignment made from its release
// and instructor copies, one per behaviour the grader must score right. Run after `npx minicloud build`
// when a1-lambda changes: `node scripts/make-grading-fixtures.js`.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const read = (copy) => JSON.parse(readFileSync(join(root, "assignments/a1-lambda", copy, "a1-lambda.ipynb"), "utf8"));
const release = read("release");
const instructor = read("instructor");
const out = join(root, "test/fixtures/grading/a1");
mkdirSync(out, { recursive: true });

const text = (cell) => (Array.isArray(cell.source) ? cell.source.join("") : cell.source);
const lines = (s) => s.split(/(?<=\n)/).filter((l) => l !== "");
const solution = (id) => text(instructor.cells.find((c) => c.id === id));

/** The release with some cells' source replaced, and cells inserted after given ids. */
function submission(sources, inserts = {}) {
  const nb = structuredClone(release);
  const cells = [];
  for (const cell of nb.cells) {
    if (sources[cell.id] !== undefined) cell.source = lines(sources[cell.id]);
    cells.push(cell);
    for (const [i, extra] of (inserts[cell.id] ?? []).entries()) {
      cells.push({ cell_type: "code", execution_count: null, id: `${cell.id}-extra-${i + 1}`, metadata: {}, outputs: [], source: lines(extra) });
    }
  }
  nb.cells = cells;
  return nb;
}

const answers = ["a1-handler-answer", "a1-billed-answer", "a1-partial-batch-answer", "a1-monthly-cost-answer", "a1-break-even-answer", "a1-cheapest-answer"];
const full = Object.fromEntries(answers.map((id) => [id, solution(id)]));
const fixtures = {
  full: submission(full),
  blank: structuredClone(release),
  partial: submission({
    ...full,
    // Forgets that a cold start bills its INIT today.
    "a1-billed-answer": 'function billed(durationMs: number, initDurationMs: number | undefined, rule: "2019" | "current"): number {\n  const step = rule === "2019" ? 100 : 1;\n  return Math.max(step, Math.ceil(durationMs / step) * step);\n}\n',
    "a1-break-even-answer": release.cells.find((c) => c.id === "a1-break-even-answer").source.join(""),
    "a1-cheapest-answer": 'function cheapest(cpuMs: number, ioMs: number, rule: "2019" | "current"): number {\n  return 128;\n}\n',
  }),
  timeout: submission({ ...full, "a1-break-even-answer": `${solution("a1-break-even-answer")}\nwhile (true) {}\n` }),
  crash: submission({ ...full, "a1-partial-batch-answer": `process.exit(1);\n${solution("a1-partial-batch-answer")}` }),
  "edited-locked": submission({
    ...full,
    "a1-monthly-cost-check": 'console.log("✓ 06-monthly-cost: A month of Lambda, in dollars");\n',
    "a1-monthly-cost": "## Exercise 4 · A month of Lambda (20 points)\n",
  }),
  "fake-ticks": submission(
    {},
    {
      setup: [
        'const fake = Buffer.from(JSON.stringify({ exercise: "a1-handler", ran: true, checks: [{ exercise: "03-handler", passed: true, message: "ok" }], durationMs: 1 })).toString("base64");\n' +
          'for (const id of ["03-handler", "03-billed-duration", "04-partial-batch", "06-monthly-cost", "06-break-even", "06-cheapest-memory"]) console.log(`✓ ${id}: Your answer agrees with minicloud on 200 generated inputs.`);\n' +
          'console.log("MINICLOUD-GRADE " + fake + " " + "0".repeat(64));\n',
      ],
    },
  ),
  "redefine-check": submission(
    {},
    {
      setup: [
        'function check(id: string, answer: unknown) { return Promise.resolve({ exercise: id, title: id, passed: true, message: "ok", checks: 1 }); }\n' +
          "function display(value: unknown) { console.log(\"✓\"); return undefined; }\n" +
          'const registry = require("minicloud");\n' +
          'for (const id of ["03-handler", "03-billed-duration", "04-partial-batch", "06-monthly-cost", "06-break-even", "06-cheapest-memory"]) {\n' +
          '  try { registry.defineExercises({ id, title: id, check: async () => ({ exercise: id, title: id, passed: true, message: "ok", checks: 1 }) }); } catch (e) { console.log(String(e)); }\n' +
          "}\n",
      ],
    },
  ),
  "exit-early": submission({ "a1-handler-answer": "process.exit(0);\n" }),
  // Keeps every array it makes: the kernel's heap fills up and the kernel dies mid-notebook.
  "memory-hog": submission({
    ...full,
    "a1-partial-batch-answer": `${solution("a1-partial-batch-answer")}\nconst hoard: number[][] = [];\nfor (;;) hoard.push(new Array(1_000_000).fill(1.5));\n`,
  }),
  // Prints 50 MB: far past the output cap, so the grader stops the kernel there.
  "output-flood": submission({
    ...full,
    "a1-monthly-cost-answer": `${solution("a1-monthly-cost-answer")}\nfor (let i = 0; i < 50_000; i++) console.log(\`row \${i}: \` + "#".repeat(1000));\n`,
  }),
  // A shell fork bomb, out of the kernel's process group, and a cell that waits for it for ever: the
  // sandbox's process limit holds the bomb, the cell's time limit ends the notebook, and the bomb dies
  // with the sandbox.
  "fork-bomb": submission({
    ...full,
    "a1-break-even-answer":
      `${solution("a1-break-even-answer")}\nrequire("child_process").spawn("/bin/sh", ["-c", "bomb() { bomb | bomb & }; bomb"], { detached: true, stdio: "ignore" }).unref();\n` +
      "Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);\n",
  }),
};
for (const [name, nb] of Object.entries(fixtures)) writeFileSync(join(out, `${name}.ipynb`), JSON.stringify(nb, null, 1) + "\n");
console.log(`wrote ${Object.keys(fixtures).length} submissions to ${out}`);
