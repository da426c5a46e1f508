// Writes test/fixtures/grading/a2/*.ipynb: submissions of the a2-ecs assignment, one per behaviour the
// grader must score right. a2 gives every student their own numbers, so each submission starts from the
// copy `npx minicloud build --student <name>` would hand that student (the file name is the student id
// the grader uses). Run after `npm run build` when a2-ecs changes: `node scripts/make-a2-grading-fixtures.js`.
import { assignmentFixtures } from "./assignment-fixtures.js";

const { solution, edit, write } = await assignmentFixtures("a2-ecs", "a2");

const answers = ["a2-layout-answer", "a2-fleet-cost-answer", "a2-run-task-answer", "a2-health-answer", "a2-rollout-answer", "a2-constraint-answer", "a2-task-definition-answer"];

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
write(fixtures);
