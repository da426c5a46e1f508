// Writes test/fixtures/grading/a2/*.ipynb: submissions of the a2-ecs assignment, one per behaviour the
// grader must score right. a2 gives every student their own numbers, so each submission starts from the
// copy `npx minicloud build --student <name>` would hand that student (the file name is the student id
// the grader uses). Run after `npm run build` when a2-ecs changes: `node scripts/make-a2-grading-fixtures.js`.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildNotebook, parseCourseSource } from "../dist/src/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const sourcePath = join("notebooks", "sources", "assignments", "a2-ecs.md");
const source = await parseCourseSource(readFileSync(join(root, sourcePath), "utf8"), sourcePath);
const out = join(root, "test/fixtures/grading/a2");
mkdirSync(out, { recursive: true });

const text = (cell) => (Array.isArray(cell.source) ? cell.source.join("") : cell.source);
const lines = (s) => s.split(/(?<=\n)/).filter((l) => l !== "");

/** The student's release with some cells' source replaced; `solutions` names answer cells that get the instructor's. */
function submission(student, { solutions = [], sources = {} }) {
  const release = buildNotebook(source, { student });
  const instructor = buildNotebook(source, { student, copy: "instructor" });
  const replace = { ...Object.fromEntries(solutions.map((id) => [id, text(instructor.cells.find((c) => c.id === id))])), ...sources };
  for (const cell of release.cells) if (replace[cell.id] !== undefined) cell.source = lines(replace[cell.id]);
  return release;
}

/** `text` with `from` replaced, or an error: a fixture must not silently stay the full solution when a2 changes. */
function edit(text, from, to) {
  if (!text.includes(from)) throw new Error(`expected the solution to contain ${JSON.stringify(from)}; update this script to match a2-ecs`);
  return text.replace(from, to);
}

const answers = ["a2-layout-answer", "a2-fleet-cost-answer", "a2-run-task-answer", "a2-health-answer", "a2-rollout-answer", "a2-constraint-answer", "a2-task-definition-answer"];
const solution = (id) => text(buildNotebook(source, { copy: "instructor" }).cells.find((c) => c.id === id));

const fixtures = {
  full: { solutions: answers },
  blank: {},
  partial: {
    solutions: ["a2-layout-answer", "a2-fleet-cost-answer", "a2-run-task-answer", "a2-constraint-answer"],
    sources: {
      // Spaces every check `interval` apart, as if a hanging check took no time.
      "a2-health-answer":
        "function secondsToUnhealthy(interval: number, timeout: number, retries: number, startPeriod: number, hangs: boolean): number {\n" +
        "  const firstCounted = Math.max(1, Math.ceil(startPeriod / interval));\n" +
        "  return (firstCounted + retries - 1) * interval;\n" +
        "}\n\n" +
        "function yourSeconds(): number {\n" +
        '  return secondsToUnhealthy(myCheck.interval, myCheck.timeout, myCheck.retries, myCheck.startPeriod, myCheck.hangs === "yes");\n' +
        "}\n",
      // The step is right; the deployment stops one step early.
      "a2-rollout-answer": edit(solution("a2-rollout-answer"), "  return steps;", "  return steps.slice(0, -1);"),
    },
  },
  "edited-locked": {
    solutions: answers,
    sources: {
      "a2-rollout-check": 'console.log("✓ a2-rollout: One step of a rolling deployment");\n',
      "a2-layout": "## Exercise 1 · Binpack or spread? (predict, 20 points)\n",
    },
  },
  // The migration is left essential while web waits for it to succeed: ECS refuses that definition.
  "registration-fails": {
    solutions: answers,
    sources: { "a2-task-definition-answer": edit(solution("a2-task-definition-answer"), "essential: false, ", "") },
  },
};
for (const [name, edits] of Object.entries(fixtures)) {
  writeFileSync(join(out, `${name}.ipynb`), JSON.stringify(submission(name, edits), null, 1) + "\n");
}
console.log(`wrote ${Object.keys(fixtures).length} submissions to ${out}`);
