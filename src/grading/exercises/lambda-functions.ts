// Exercises of notebook 03-lambda-functions: a handler checked on real invocations, billed durations
// under both rules, and a handler that must not depend on a warm environment's state.
import { Cloud } from "../../cloud.js";
import { billedDurationMs, type BillingRule } from "../../lambda/billing.js";
import type { Lambda } from "../../lambda/lambda-service.js";
import { answerValue, asFunction, compareWithReference } from "../compare-with-reference.js";
import type { CheckResult } from "../check-result.js";
import type { Exercise } from "../exercise-registry.js";

async function withFunction<T>(source: string, body: (lambda: Lambda, name: string) => Promise<T>): Promise<T> {
  const cloud = await Cloud.start();
  try {
    const name = "exercise";
    // 10 s, not Lambda's default 3: a right answer must not fail because a busy grader started it slowly.
    await cloud.lambda.createFunction({ FunctionName: name, Runtime: "nodejs20.x", Handler: "index.handler", Timeout: 10, Code: { Source: source } });
    return await body(cloud.lambda, name);
  } finally {
    await cloud.shutdown();
  }
}

async function invokeJson(lambda: Lambda, name: string, event: unknown): Promise<{ error?: string; value?: unknown }> {
  const response = await lambda.invoke({ FunctionName: name, Payload: JSON.stringify(event) });
  const text = response.Payload?.transformToString() ?? "null";
  if (response.FunctionError) {
    const error = JSON.parse(text) as { errorType: string; errorMessage: string };
    return { error: `${error.errorType}: ${error.errorMessage}` };
  }
  return { value: JSON.parse(text) };
}

/** The greeting the handler exercise expects: 200 with a greeting, or 400 when there is no name. */
export function expectedGreeting(event: { name?: unknown }): { statusCode: number; body: string } {
  return typeof event.name === "string" && event.name.trim() !== ""
    ? { statusCode: 200, body: JSON.stringify({ greeting: `Hello, ${event.name.trim()}!` }) }
    : { statusCode: 400, body: JSON.stringify({ error: "name is required" }) };
}

const HANDLER_TITLE = "A greeting handler, run on Lambda";
const HANDLER_HINT = "Read event.name; trim it; answer { statusCode, body } with body as a JSON string — and think about an event with no name at all.";

async function checkHandler(answer: unknown): Promise<CheckResult> {
  const source = await answerValue(answer);
  if (typeof source !== "string") {
    return { exercise: "03-handler", title: HANDLER_TITLE, passed: false, message: "Pass the handler's source code as a string (the text of index.js).", checks: 0 };
  }
  return withFunction(source, async (lambda, name) =>
    compareWithReference<[{ name?: unknown }], unknown>({
      exercise: "03-handler",
      title: HANDLER_TITLE,
      learner: async (event) => {
        const result = await invokeJson(lambda, name, event);
        return result.error ?? result.value;
      },
      reference: (event) => expectedGreeting(event),
      inputs: (fc) =>
        fc.tuple(
          fc.oneof(
            fc.record({ name: fc.string({ minLength: 1, maxLength: 12 }) }),
            fc.record({ name: fc.constantFrom("Ada", "  Grace  ", "Alan") }),
            fc.constant({}),
            fc.record({ name: fc.constantFrom("", "   ") }),
          ),
        ),
      runs: 25,
      hint: HANDLER_HINT,
    }),
  );
}

const STATE_TITLE = "A handler that does not rely on warm state";
const STATE_HINT = "Module-level variables survive between invocations only while the environment stays warm; compute the answer from the event alone.";

async function checkStateless(answer: unknown): Promise<CheckResult> {
  const source = await answerValue(answer);
  if (typeof source !== "string") {
    return { exercise: "03-stateless", title: STATE_TITLE, passed: false, message: "Pass the fixed handler's source code as a string.", checks: 0 };
  }
  return withFunction(source, async (lambda, name) => {
    const users = ["ada", "grace", "alan", "ada", "barbara"];
    let checks = 0;
    for (const user of users) {
      checks++;
      const result = await invokeJson(lambda, name, { user });
      const expected = `Hello, ${user}`;
      if (result.error !== undefined || result.value !== expected) {
        return {
          exercise: "03-stateless",
          title: STATE_TITLE,
          passed: false,
          message: `Invocation ${checks} (warm: the same environment as before) got the wrong answer:`,
          counterexample: { input: JSON.stringify({ user }), expected: JSON.stringify(expected), actual: result.error ?? JSON.stringify(result.value) },
          hint: STATE_HINT,
          checks,
        };
      }
    }
    return { exercise: "03-stateless", title: STATE_TITLE, passed: true, message: `${checks} invocations in a row, warm, each greeted its own user.`, checks };
  });
}

export const lambdaFunctionsExercises: Exercise[] = [
  { id: "03-handler", title: HANDLER_TITLE, check: checkHandler },
  {
    id: "03-billed-duration",
    title: "Billed duration under both rules",
    check: (answer) =>
      compareWithReference<[number, number | undefined, BillingRule], number>({
        exercise: "03-billed-duration",
        title: "Billed duration under both rules",
        learner: asFunction<[number, number | undefined, BillingRule], number>(answer, "billed"),
        reference: billedDurationMs,
        inputs: (fc) =>
          fc.tuple(
            fc.double({ min: 0.01, max: 5000, noNaN: true }).map((d) => Math.round(d * 100) / 100),
            fc.option(fc.double({ min: 1, max: 2000, noNaN: true }).map((d) => Math.round(d * 100) / 100), { nil: undefined }),
            fc.constantFrom<BillingRule>("2019", "current"),
          ),
        hint: "2019: round the run time up to the next 100 ms (INIT free). Today: round up to the next 1 ms, and a cold start also bills its INIT.",
      }),
  },
  { id: "03-stateless", title: STATE_TITLE, check: checkStateless },
];
