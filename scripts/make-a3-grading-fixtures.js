// Writes test/fixtures/grading/a3/*.ipynb: submissions of the a3-capstone assignment, one per behaviour the
// grader must score right, each the copy its student was handed (a3 gives every student their own
// numbers). Run after `npm run build` when a3-capstone changes: `node scripts/make-a3-grading-fixtures.js`.
import { assignmentFixtures } from "./assignment-fixtures.js";

const { solution, edit, write } = await assignmentFixtures("a3-capstone", "a3");

const answers = ["a3-submit-answer", "a3-consume-answer", "a3-worker-answer", "a3-lambda-or-fargate-answer", "a3-poison-answer"];

write({
  full: { solutions: answers },
  blank: {},
  partial: {
    solutions: ["a3-submit-answer", "a3-worker-answer", "a3-lambda-or-fargate-answer"],
    sources: {
      // Throws on a poison record: the whole batch comes back, good jobs included.
      "a3-consume-answer": edit(solution("a3-consume-answer"), "batchItemFailures.push({ itemIdentifier: record.messageId });\n      continue;", 'throw new Error("not a job: " + record.body);'),
      // Receives exactly visibilityTimeout apart, as if the workers were always asking.
      "a3-poison-answer": edit(
        solution("a3-poison-answer"),
        "const nextPoll = (t: number) => Math.ceil(t / pollEvery) * pollEvery;",
        "const nextPoll = (t: number) => t;",
      ),
    },
  },
  "edited-locked": {
    solutions: answers,
    sources: {
      "a3-poison-check": 'console.log("✓ a3-poison: The life of a poison job");\n',
      "a3-submit": "## Exercise 1 · The door (build, 40 points)\n",
    },
  },
  // A Fargate definition in bridge mode: ECS refuses it.
  "registration-fails": {
    solutions: answers,
    sources: { "a3-worker-answer": edit(solution("a3-worker-answer"), 'networkMode: "awsvpc",', 'networkMode: "bridge",') },
  },
});
