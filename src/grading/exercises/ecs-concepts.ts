// Exercises of notebook 07-ecs-concepts: write a Fargate task definition ECS accepts, predict how many
// tasks fit on an instance, and name the states a task goes through. ECS itself (minicloud's) is the oracle.
import { createVirtualClock } from "../../core/clock.js";
import { createRandom } from "../../core/random.js";
import { ClusterStore } from "../../ecs/clusters/cluster-store.js";
import { INSTANCE_TYPES } from "../../ecs/clusters/instance-types.js";
import type { RegisterTaskDefinitionRequest } from "../../ecs/ecs-types.js";
import { checkConstraints, checkStrategies, placeTasks } from "../../ecs/placement/place-tasks.js";
import { verdict, type CheckResult } from "../check-result.js";
import { answerValue, asFunction, compareWithReference } from "../compare-with-reference.js";
import type { Exercise } from "../exercise-registry.js";
import { describeRefusal, withEcs } from "./ecs-sandbox.js";

const TD = { id: "07-fargate-task-definition", title: "A Fargate task definition for hello-service v2" };
const TD_HINT = "Fargate needs requiresCompatibilities [\"FARGATE\"], networkMode \"awsvpc\", and task-level cpu and memory as strings from its size table (0.5 vCPU is \"512\"; 1 GB is \"1024\").";

async function checkTaskDefinition(answer: unknown): Promise<CheckResult> {
  const request = (await answerValue(answer)) as RegisterTaskDefinitionRequest;
  return withEcs(async (cloud) => {
    try {
      await cloud.ecs.registerTaskDefinition(request);
    } catch (error) {
      return verdict(TD.id, TD.title, false, `ECS would refuse it: ${describeRefusal(error)}`, TD_HINT, 1);
    }
    const { taskDefinition } = await cloud.ecs.describeTaskDefinition({ taskDefinition: request.family ?? "" });
    const app = taskDefinition.containerDefinitions?.[0];
    const problems: string[] = [];
    if (!taskDefinition.requiresCompatibilities?.includes("FARGATE")) problems.push("it does not require FARGATE, so ECS would not check it for Fargate");
    if (taskDefinition.cpu !== "512") problems.push(`task cpu is ${JSON.stringify(taskDefinition.cpu)} CPU units, not 0.5 vCPU`);
    if (taskDefinition.memory !== "1024") problems.push(`task memory is ${JSON.stringify(taskDefinition.memory)} MiB, not 1 GB`);
    if (!String(app?.image).startsWith("minicloud/hello-service")) problems.push(`the image is ${JSON.stringify(app?.image)}, not minicloud/hello-service`);
    if (!app?.portMappings?.some((p) => p.containerPort === 8080)) problems.push("no port mapping for the container port 8080");
    if (!app?.environment?.some((e) => e.name === "APP_VERSION" && e.value === "2")) problems.push("APP_VERSION is not \"2\" in the container's environment");
    if (problems.length > 0) return verdict(TD.id, TD.title, false, `ECS accepts it, but ${problems.join("; ")}.`, TD_HINT, 7);
    await cloud.ecs.createCluster({});
    const { tasks } = await cloud.ecs.runTask({ taskDefinition: request.family ?? "", launchType: "FARGATE", networkConfiguration: cloud.ecs.defaultNetworkConfiguration() });
    return verdict(TD.id, TD.title, tasks.length === 1, `ECS accepts it and a Fargate task of it starts (${taskDefinition.taskDefinitionArn}).`, TD_HINT, 8);
  });
}

/** How many tasks needing `cpu` units and `memory` MiB the scheduler places on one empty instance. */
function tasksThatFit(instanceType: string, cpu: number, memory: number): number {
  const store = new ClusterStore(createVirtualClock(), createRandom(1), "000000000000");
  store.create("fit");
  const [instance] = store.launch({ cluster: "fit", instanceType });
  return placeTasks({ instances: [instance!.model], demand: { cpu, memory, ports: [], group: "family:fit" }, count: 1000, strategies: checkStrategies([]), constraints: checkConstraints([]), random: createRandom(1) }).placed.length;
}

const STATES = { id: "07-task-states", title: "The states of a Fargate task" };

/** The lastStatus values a Fargate task goes through from runTask to STOPPED, as minicloud's ECS records them. */
async function fargateStates(): Promise<string[]> {
  return withEcs(async (cloud) => {
    await cloud.ecs.createCluster({});
    await cloud.ecs.registerTaskDefinition({ family: "states", networkMode: "awsvpc", requiresCompatibilities: ["FARGATE"], cpu: "256", memory: "512", containerDefinitions: [{ name: "app", image: "minicloud/node" }] });
    const { tasks } = await cloud.ecs.runTask({ taskDefinition: "states", launchType: "FARGATE", networkConfiguration: cloud.ecs.defaultNetworkConfiguration() });
    const arn = tasks[0]?.taskArn ?? "";
    await cloud.ecs.waitUntilTasksRunning({ tasks: [arn] });
    await cloud.ecs.stopTask({ task: arn });
    await cloud.ecs.waitUntilTasksStopped({ tasks: [arn] });
    const seen: string[] = [];
    for (const row of cloud.ecs.taskTimeline({}).rows) if (seen.at(-1) !== row.status) seen.push(row.status);
    return [...seen, "STOPPED"];
  });
}

export const ecsConceptsExercises: Exercise[] = [
  { ...TD, check: checkTaskDefinition },
  {
    id: "07-tasks-that-fit",
    title: "How many tasks fit on one container instance?",
    check: (answer) =>
      compareWithReference<[string, number, number], number>({
        exercise: "07-tasks-that-fit",
        title: "How many tasks fit on one container instance?",
        learner: asFunction<[string, number, number], number>(answer, "tasksThatFit"),
        reference: tasksThatFit,
        inputs: (fc) => fc.tuple(fc.constantFrom(...INSTANCE_TYPES), fc.constantFrom(128, 256, 512, 1024, 2048), fc.constantFrom(128, 256, 512, 1024, 3072)),
        hint: "An instance registers 1024 CPU units per vCPU and its memory minus the 256 MiB ECS keeps back (registeredResources shows both). A task fits while both CPU and memory remain: the scarcer one decides.",
        runs: 100,
      }),
  },
  {
    ...STATES,
    check: async (answer) => {
      const value = await answerValue(answer);
      const expected = await fargateStates();
      const given = Array.isArray(value) ? value.map(String) : [];
      const first = expected.findIndex((s, i) => given[i] !== s);
      const ok = first === -1 && given.length === expected.length;
      return {
        exercise: STATES.id,
        title: STATES.title,
        passed: ok,
        message: ok ? `Right: ${expected.join(" → ")}.` : `Your list goes wrong at step ${(first === -1 ? expected.length : first) + 1}.`,
        checks: expected.length,
        ...(ok ? {} : { counterexample: { input: `step ${(first === -1 ? expected.length : first) + 1}`, expected: expected[first] ?? "(no more steps)", actual: given[first === -1 ? expected.length : first] ?? "(nothing)" } }),
        ...(ok ? {} : { hint: "Start from the EC2 task's four states. A Fargate task uses the awsvpc network mode: its own network interface is set up before PENDING and torn down after STOPPING, and ECS takes one more step on each side of RUNNING. Each of these steps is a state of its own; the expected value above names the one at your first wrong step." }),
      };
    },
  },
];
