// Exercises of notebook 09-ecs-operations: pick deployment settings that keep capacity, say why tasks
// stopped, and predict the circuit breaker. Each answer is checked by running the scheduler.
import type { Cloud } from "../../cloud.js";
import { circuitBreakerThreshold } from "../../ecs/services/deployments.js";
import { rolloutStep, type RolloutTask } from "../../ecs/services/rollout.js";
import { verdict, type CheckResult } from "../check-result.js";
import { answerValue, asFunction, compareWithReference } from "../compare-with-reference.js";
import type { Exercise } from "../exercise-registry.js";
import { withEcs } from "./ecs-sandbox.js";

const SETTINGS = { id: "09-deployment-settings", title: "Deployment settings that keep 75% of capacity" };
const SETTINGS_HINT = "minimumHealthyPercent is the floor during a deployment and maximumPercent the ceiling, both as a percentage of desiredCount (8 here): 75% of 8 is 6, 125% of 8 is 10.";

/** Plays a rolling deployment of `desired` tasks with the scheduler's own step; new tasks turn healthy between steps. */
export function playRollout(desired: number, minimumHealthyPercent: number, maximumPercent: number): { lowestHealthy: number; highestTotal: number; finished: boolean; steps: { start: number; stop: number }[] } {
  let n = 0;
  let tasks: RolloutTask[] = Array.from({ length: desired }, () => ({ id: `old-${n++}`, primary: false, healthy: true, draining: false, zoneLoad: 0, instanceLoad: 0, createdAt: 0 }));
  let lowestHealthy = desired;
  let highestTotal = desired;
  const steps: { start: number; stop: number }[] = [];
  for (let step = 0; step < 50; step++) {
    const { start, stop } = rolloutStep(tasks, desired, minimumHealthyPercent, maximumPercent);
    if (start > 0 || stop.length > 0) steps.push({ start, stop: stop.length });
    tasks = tasks.filter((t) => !stop.includes(t.id));
    lowestHealthy = Math.min(lowestHealthy, tasks.filter((t) => t.healthy).length);
    for (let i = 0; i < start; i++) tasks.push({ id: `new-${n++}`, primary: true, healthy: false, draining: false, zoneLoad: 0, instanceLoad: 0, createdAt: step });
    highestTotal = Math.max(highestTotal, tasks.length);
    tasks = tasks.map((t) => ({ ...t, healthy: true }));
    if (tasks.length === desired && tasks.every((t) => t.primary)) return { lowestHealthy, highestTotal, finished: true, steps };
    if (start === 0 && stop.length === 0) break;
  }
  return { lowestHealthy, highestTotal, finished: false, steps };
}

async function checkSettings(answer: unknown): Promise<CheckResult> {
  const a = ((await answerValue(answer)) ?? {}) as { minimumHealthyPercent?: unknown; maximumPercent?: unknown };
  if (typeof a.minimumHealthyPercent !== "number" || typeof a.maximumPercent !== "number") {
    return (verdict(SETTINGS.id, SETTINGS.title, false, "Give an object with two numbers: { minimumHealthyPercent, maximumPercent }.", SETTINGS_HINT, 0));
  }
  const result = playRollout(8, a.minimumHealthyPercent, a.maximumPercent);
  const problems: string[] = [];
  if (result.lowestHealthy < 6) problems.push(`healthy tasks fell to ${result.lowestHealthy} (fewer than 6)`);
  if (result.highestTotal > 10) problems.push(`${result.highestTotal} tasks ran at once (more than 10)`);
  if (!result.finished) problems.push("the deployment never finished: the limits leave no room to start or stop anything");
  const summary = `lowest healthy ${result.lowestHealthy}, most at once ${result.highestTotal}, ${result.finished ? "finished" : "stuck"}`;
  return (verdict(SETTINGS.id, SETTINGS.title, problems.length === 0, problems.length === 0 ? `The rollout of 8 tasks went through: ${summary}.` : `With your settings: ${problems.join("; ")}.`, SETTINGS_HINT, 3));
}

const STOPS = { id: "09-stop-codes", title: "Why did each task stop?" };
const SCENARIOS = ["essentialExit", "userStop", "missingImage", "scaleIn"] as const;
type Scenario = (typeof SCENARIOS)[number];

/** Runs each scenario on a real engine and reads the stopCode ECS gave the stopped task. */
async function observedStopCodes(): Promise<Record<Scenario, string>> {
  return withEcs(async (cloud: Cloud) => {
    await cloud.ecs.createCluster({});
    await cloud.ecs.launchContainerInstances({ count: 1 });
    const family = async (name: string, image: string, command: string[]): Promise<void> => {
      await cloud.ecs.registerTaskDefinition({ family: name, containerDefinitions: [{ name: "app", image, memory: 128, command, stopTimeout: 2 }] });
    };
    await family("exits", "minicloud/node", ["node", "-e", "process.exit(1)"]);
    await family("runs", "minicloud/node", ["node", "-e", "setInterval(() => {}, 1000)"]);
    await family("missing", "no-such-image:v1", ["x"]);
    const stopped = async (arn: string): Promise<string> => (await cloud.ecs.waitUntilTasksStopped({ tasks: [arn] }))[0]?.stopCode ?? "";
    const run = async (name: string): Promise<string> => (await cloud.ecs.runTask({ taskDefinition: name })).tasks[0]?.taskArn ?? "";
    const essentialExit = await stopped(await run("exits"));
    const user = await run("runs");
    await cloud.ecs.waitUntilTasksRunning({ tasks: [user] });
    await cloud.ecs.stopTask({ task: user });
    const userStop = await stopped(user);
    const missingImage = await stopped(await run("missing"));
    await cloud.ecs.createService({ serviceName: "svc", taskDefinition: "runs", desiredCount: 2 });
    await cloud.ecs.waitUntilServicesStable({ services: ["svc"] });
    await cloud.ecs.updateService({ service: "svc", desiredCount: 1 });
    await cloud.ecs.waitUntilServicesStable({ services: ["svc"] });
    const { taskArns } = await cloud.ecs.listTasks({ serviceName: "svc", desiredStatus: "STOPPED" });
    const scaleIn = await stopped(taskArns[0] ?? "");
    return { essentialExit, userStop, missingImage, scaleIn };
  }, "process");
}

async function checkStopCodes(answer: unknown): Promise<CheckResult> {
  const given = ((await answerValue(answer)) ?? {}) as Record<string, unknown>;
  const observed = await observedStopCodes();
  const wrong = SCENARIOS.find((s) => given[s] !== observed[s]);
  const hint = "The stop codes are TaskFailedToStart, EssentialContainerExited, UserInitiated and ServiceSchedulerInitiated: ask who or what ended the task.";
  if (wrong === undefined) return verdict(STOPS.id, STOPS.title, true, `All four match what ECS recorded when minicloud ran them: ${SCENARIOS.map((s) => `${s} → ${observed[s]}`).join(", ")}.`, hint, 4);
  return { ...verdict(STOPS.id, STOPS.title, false, "minicloud ran the scenarios; this one's stopCode differs from yours:", hint, 4), counterexample: { input: wrong, expected: JSON.stringify(observed[wrong]), actual: JSON.stringify(given[wrong]) } };
}

export const ecsOperationsExercises: Exercise[] = [
  { ...SETTINGS, check: checkSettings },
  { ...STOPS, check: checkStopCodes },
  {
    id: "09-circuit-breaker",
    title: "How many failed tasks trip the circuit breaker?",
    check: (answer) =>
      compareWithReference<[number], number>({
        exercise: "09-circuit-breaker",
        title: "How many failed tasks trip the circuit breaker?",
        learner: asFunction<[number], number>(answer, "failuresToTrip"),
        reference: circuitBreakerThreshold,
        inputs: (fc) => fc.tuple(fc.integer({ min: 0, max: 1000 })),
        hint: "The threshold grows with the desired count — half of it, rounded up — but ECS keeps it between a floor and a ceiling. Compare your answer with the expected one at a very small and a very large desired count to find them.",
      }),
  },
];
