// Exercise of notebook 03-lambda-functions on custom runtimes: the learner writes the loop a `provided`
// runtime runs — next event, answer or error, repeat — and the check invokes it through the Runtime API.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cloud } from "../../cloud.js";
import { verdict, type CheckResult } from "../check-result.js";
import { answerValue, compareWithReference } from "../compare-with-reference.js";
import type { Exercise } from "../exercise-registry.js";

const ID = "03-custom-runtime";
const TITLE = "A custom runtime that counts words, and reports bad events as errors";
const HINT =
  "Answer with POST …/invocation/{id}/response; for an event without a string text, POST …/invocation/{id}/error with a JSON body " +
  '{ errorType: "InvalidEvent", errorMessage: … } — and keep looping either way. Words are separated by any run of whitespace.';

type Event = { text?: unknown };
type Outcome = { words: number } | { errorType: string };

/** What a correct runtime answers: the number of words, or an InvalidEvent error. */
export function expectedWordCount(event: Event): Outcome {
  if (typeof event.text !== "string") return { errorType: "InvalidEvent" };
  return { words: event.text.split(/\s+/).filter((w) => w !== "").length };
}

/** A `provided.al2023` function whose bootstrap runs the learner's loop.js; removed afterwards. */
async function withRuntime<T>(loopSource: string, body: (invoke: (event: Event) => Promise<Outcome | string>) => Promise<T>): Promise<T> {
  const cloud = await Cloud.start({ engine: "process" });
  const folder = mkdtempSync(join(tmpdir(), "minicloud-custom-runtime-"));
  try {
    writeFileSync(join(folder, "bootstrap"), '#!/bin/sh\nexec node "$LAMBDA_TASK_ROOT/loop.js"\n');
    chmodSync(join(folder, "bootstrap"), 0o755);
    writeFileSync(join(folder, "loop.js"), loopSource);
    // 3 s is plenty for counting words; a loop that never answers fails each input in 3 s, not 10.
    await cloud.lambda.createFunction({ FunctionName: "word-counter", Runtime: "provided.al2023", Handler: "unused", Timeout: 3, Code: { Directory: folder } });
    return await body(async (event) => {
      const response = await cloud.lambda.invoke({ FunctionName: "word-counter", Payload: JSON.stringify(event) });
      const payload = JSON.parse(response.Payload?.transformToString() || "null") as Record<string, unknown> | null;
      if (!response.FunctionError) return payload as Outcome;
      return { errorType: String(payload?.["errorType"]) };
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
    await cloud.shutdown();
  }
}

async function checkCustomRuntime(answer: unknown): Promise<CheckResult> {
  const source = await answerValue(answer);
  if (typeof source !== "string") return verdict(ID, TITLE, false, "Pass the text of loop.js (a string), e.g. from a function that returns it.", HINT, 0);
  return withRuntime(source, (invoke) =>
    compareWithReference<[Event], Outcome | string>({
      exercise: ID,
      title: TITLE,
      learner: invoke,
      reference: expectedWordCount,
      inputs: (fc) =>
        fc.tuple(
          fc.oneof(
            fc.record({ text: fc.array(fc.constantFrom("to", "be", "or", "not", "λ", "serverless"), { maxLength: 6 }).chain((words) =>
              fc.array(fc.constantFrom(" ", "  ", "\t", "\n"), { minLength: words.length + 1, maxLength: words.length + 1 }).map((gaps) =>
                gaps.map((gap, i) => gap + (words[i] ?? "")).join(""),
              ),
            ) }),
            fc.constant({}),
            fc.record({ text: fc.integer() }),
          ),
        ),
      runs: 25,
      hint: HINT,
    }),
  );
}

export const customRuntimeExercises: Exercise[] = [{ id: ID, title: TITLE, check: checkCustomRuntime }];
