// a2-run-task (run): the learner's code runs a task definition on minicloud through the ECS API and
// reports what ECS recorded — the task's stopCode and each container's exit code. The check hands it
// every variant of a two-container task whose app waits for a migration (dependsOn), and compares with
// the same definitions run by minicloud itself on the process engine.
import type { RegisterTaskDefinitionRequest, Task } from "../../../ecs/ecs-types.js";
import { verdict, type CheckResult } from "../../check-result.js";
import { asFunction, show } from "../../compare-with-reference.js";
import type { Exercise } from "../../exercise-registry.js";
import { withEcs } from "../ecs-sandbox.js";

/** What ECS recorded about a stopped task: why it stopped, and each container's exit code (null: never started). */
export interface TaskOutcome {
  stopCode: string;
  exitCodes: Record<string, number | null>;
}

const ID = "a2-run-task";
const TITLE = "Run a task and read what ECS recorded";
const HINT =
  "Start a Cloud on the process engine, make sure its base image is there (ensureBaseImage), create a cluster with a container instance, register the definition, runTask, then waitUntilTasksStopped. The stopped task carries stopCode, and each of its containers an exitCode — undefined for a container that never started.";
/** Long enough for a busy machine to start a cloud and two containers; short enough to fail a hung answer. */
const ANSWER_TIMEOUT_MS = 20_000;

/** Room for a Node.js process under the process engine's memory watch (it kills above the limit, as Docker does). */
const MEMORY_MIB = 128;

/** A migration (not essential) that exits with a code, and the app that waits for it, then exits too. */
export function startupDefinition(migrateExitCode: number, condition: "SUCCESS" | "COMPLETE", appExitCode: number): RegisterTaskDefinitionRequest {
  return {
    family: "startup",
    containerDefinitions: [
      { name: "migrate", image: "minicloud/node", memory: MEMORY_MIB, essential: false, command: ["node", "-e", `console.log("migrating"); process.exit(${migrateExitCode})`] },
      {
        name: "app",
        image: "minicloud/node",
        memory: MEMORY_MIB,
        command: ["node", "-e", `console.log("serving"); setTimeout(() => process.exit(${appExitCode}), 200)`],
        dependsOn: [{ containerName: "migrate", condition }],
      },
    ],
  };
}

/** Every variant: the migration succeeds or fails, the app waits for SUCCESS or COMPLETE, and exits 0 or not. */
const SCENARIOS = [0, 3].flatMap((m) => (["SUCCESS", "COMPLETE"] as const).flatMap((c) => [0, 2].map((a) => startupDefinition(m, c, a))));

function outcomeOf(task: Task): TaskOutcome {
  return { stopCode: task.stopCode ?? "", exitCodes: Object.fromEntries((task.containers ?? []).map((c) => [c.name ?? "", c.exitCode ?? null])) };
}

/** Runs every definition at once on one container instance and reads the stopped tasks. */
async function recordedOutcomes(definitions: RegisterTaskDefinitionRequest[]): Promise<TaskOutcome[]> {
  return withEcs(async (cloud) => {
    await cloud.ecs.createCluster({});
    await cloud.ecs.launchContainerInstances({ count: 1, instanceType: "m5.large" });
    const arns: string[] = [];
    for (const [i, d] of definitions.entries()) {
      await cloud.ecs.registerTaskDefinition({ ...d, family: `${d.family}-${i}` });
      arns.push((await cloud.ecs.runTask({ taskDefinition: `${d.family}-${i}` })).tasks[0]?.taskArn ?? "");
    }
    return (await cloud.ecs.waitUntilTasksStopped({ tasks: arns })).map(outcomeOf);
  }, "process");
}

async function learnerOutcome(run: (d: RegisterTaskDefinitionRequest) => unknown, definition: RegisterTaskDefinitionRequest): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise((resolve) => (timer = setTimeout(() => resolve(`did not finish within ${ANSWER_TIMEOUT_MS / 1000} s`), ANSWER_TIMEOUT_MS)));
  try {
    return await Promise.race([Promise.resolve().then(() => run(structuredClone(definition))), late]);
  } catch (error) {
    return `threw ${error instanceof Error ? `${error.name}: ${error.message}` : show(error)}`;
  } finally {
    clearTimeout(timer);
  }
}

const describe = (d: RegisterTaskDefinitionRequest): string => {
  const [migrate, app] = d.containerDefinitions ?? [];
  return `migrate runs ${show(migrate?.command?.[2])}; app waits for migrate to ${app?.dependsOn?.[0]?.condition} and runs ${show(app?.command?.[2])}`;
};

async function checkRunTask(answer: unknown): Promise<CheckResult> {
  const run = asFunction<[RegisterTaskDefinitionRequest], unknown>(answer, "runAndReport");
  const expected = await recordedOutcomes(SCENARIOS);
  for (const [i, definition] of SCENARIOS.entries()) {
    const given = await learnerOutcome(run, definition);
    const want = expected[i]!;
    const g = given as Partial<TaskOutcome> | null;
    const same = typeof g === "object" && g !== null && g.stopCode === want.stopCode && ["migrate", "app"].every((n) => g.exitCodes?.[n] === want.exitCodes[n]);
    if (!same) {
      return {
        ...verdict(ID, TITLE, false, `Your report of task definition ${i + 1} of ${SCENARIOS.length} differs from what minicloud's ECS recorded when it ran it:`, HINT, i + 1),
        counterexample: { input: describe(definition), expected: show(want), actual: typeof given === "string" ? given : show(given) },
      };
    }
  }
  return verdict(ID, TITLE, true, `Your reports of all ${SCENARIOS.length} task definitions match what minicloud's ECS recorded.`, HINT, SCENARIOS.length);
}

export const runTaskExercise: Exercise = { id: ID, title: TITLE, check: checkRunTask };
