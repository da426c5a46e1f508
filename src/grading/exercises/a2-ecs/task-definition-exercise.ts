// a2-task-definition (build): a two-container task definition for the EC2 launch type — a migration
// that must succeed before the web container starts — with the student's own family, version and
// memory. Checked the way ECS would: registered (ECS's own refusal is the feedback), read back, then run
// on a container instance of the process engine and asked over HTTP which version answers.
import { join } from "node:path";
import type { Cloud } from "../../../cloud.js";
import { packageRoot } from "../../../core/package-root.js";
import type { ContainerDefinition, RegisterTaskDefinitionRequest, TaskDefinition } from "../../../ecs/ecs-types.js";
import { ensureImageFromFolder } from "../../../engines/sample-images.js";
import { waitForHttp } from "../../../engines/wait-for-http.js";
import { verdict, type CheckResult } from "../../check-result.js";
import type { Exercise } from "../../exercise-registry.js";
import { describeRefusal, withEcs } from "../ecs-sandbox.js";
import { readStudentAnswer } from "../student-answer.js";

const ID = "a2-task-definition";
const TITLE = "A task definition with a migration first";
const HINT =
  "Two container definitions in one task definition. The web container publishes 8080 on a host port ECS picks (hostPort 0) and waits for the migration with dependsOn; a container that is waited on to SUCCEED must not be essential, or its exit would stop the task.";

/** Per student: the service's family, the version it reports, and the web container's hard memory limit. */
const PARAMETERS = {
  family: ["orders-api", "billing-api", "stock-api", "search-api"],
  appVersion: ["2.1", "3.0", "4.2"],
  memory: [128, 192, 256],
};

type Mine = { family: string; appVersion: string; memory: number };

/** What the registered definition gets wrong against the student's requirements, in words. */
function problems(td: TaskDefinition, mine: Mine): string[] {
  const found: string[] = [];
  const web: ContainerDefinition | undefined = td.containerDefinitions?.find((c) => c.name === "web");
  const migrate = td.containerDefinitions?.find((c) => c.name === "migrate");
  if (td.family !== mine.family) found.push(`the family is ${JSON.stringify(td.family)}, not ${JSON.stringify(mine.family)}`);
  if (!td.requiresCompatibilities?.includes("EC2")) found.push('it does not require the EC2 launch type (requiresCompatibilities ["EC2"])');
  if (td.networkMode !== "bridge") found.push(`its network mode is ${td.networkMode}, not bridge`);
  if (web === undefined) return [...found, 'it has no container named "web"'];
  if (migrate === undefined) return [...found, 'it has no container named "migrate"'];
  if (!String(web.image).startsWith("minicloud/hello-service")) found.push(`web's image is ${JSON.stringify(web.image)}, not minicloud/hello-service`);
  if (web.memory !== mine.memory) found.push(`web's hard memory limit is ${web.memory ?? "not set"}, not ${mine.memory} MiB`);
  if (web.cpu !== 256) found.push(`web reserves ${web.cpu} CPU units, not 256`);
  if (!web.portMappings?.some((p) => p.containerPort === 8080 && p.hostPort === 0)) found.push("web does not publish its port 8080 on a host port ECS picks");
  if (!web.environment?.some((e) => e.name === "APP_VERSION" && e.value === mine.appVersion)) found.push(`web's APP_VERSION is not ${JSON.stringify(mine.appVersion)}`);
  if (!web.dependsOn?.some((d) => d.containerName === "migrate" && d.condition === "SUCCESS")) found.push("web does not wait for migrate to succeed");
  if (!String(migrate.image).startsWith("minicloud/node")) found.push(`migrate's image is ${JSON.stringify(migrate.image)}, not minicloud/node`);
  return found;
}

/** Runs the task on one container instance: the problem, or undefined when web answers with the right version. */
async function runProblem(cloud: Cloud, family: string, mine: Mine): Promise<string | undefined> {
  await cloud.ecs.createCluster({});
  await cloud.ecs.launchContainerInstances({ count: 1, instanceType: "t3.medium" });
  const { tasks, failures } = await cloud.ecs.runTask({ taskDefinition: family });
  const arn = tasks[0]?.taskArn;
  if (arn === undefined) return `ECS placed no task: ${failures.map((f) => f.reason).join(", ")}`;
  const [task] = await cloud.ecs.waitUntilTasksRunning({ tasks: [arn] }).catch(async () => cloud.ecs.waitUntilTasksStopped({ tasks: [arn] }));
  if (task?.lastStatus !== "RUNNING") return `the task stopped instead of running: ${task?.stopCode}: ${task?.stoppedReason}`;
  const migrate = task.containers?.find((c) => c.name === "migrate");
  if (migrate?.exitCode !== 0) return `migrate did not finish with exit code 0 before web started (exit code ${migrate?.exitCode ?? "none"})`;
  const binding = task.containers?.find((c) => c.name === "web")?.networkBindings?.find((b) => b.containerPort === 8080);
  if (binding === undefined) return "web runs, but its port 8080 is not published";
  const version = (await waitForHttp(`http://${binding.bindIP}:${binding.hostPort}/`, { timeoutMs: 20_000 })).json<{ version?: string }>().version;
  return version === mine.appVersion ? undefined : `web answers as version ${JSON.stringify(version)}, not ${JSON.stringify(mine.appVersion)}`;
}

export const taskDefinitionExercise: Exercise = {
  id: ID,
  title: TITLE,
  parameters: PARAMETERS,
  check: async (answer): Promise<CheckResult> => {
    const a = readStudentAnswer(ID, PARAMETERS, answer, ["taskDefinition"]);
    const mine = a.mine as Mine;
    const request = (await a.value("taskDefinition")) as RegisterTaskDefinitionRequest;
    return withEcs(async (cloud) => {
      try {
        await cloud.ecs.registerTaskDefinition(request);
      } catch (error) {
        return verdict(ID, TITLE, false, `ECS would refuse it: ${describeRefusal(error)}`, HINT, 1);
      }
      const { taskDefinition } = await cloud.ecs.describeTaskDefinition({ taskDefinition: request.family ?? "" });
      const wrong = problems(taskDefinition, mine);
      if (wrong.length > 0) return verdict(ID, TITLE, false, `ECS accepts it, but ${wrong.join("; ")}.`, HINT, 2);
      await ensureImageFromFolder(cloud.engine, "minicloud/hello-service:latest", join(packageRoot(), "images", "hello-service"));
      const failed = await runProblem(cloud, taskDefinition.family ?? "", mine);
      if (failed !== undefined) return verdict(ID, TITLE, false, `ECS registers it, but when it ran: ${failed}.`, HINT, 3);
      return verdict(ID, TITLE, true, `ECS registers ${taskDefinition.taskDefinitionArn}, and on a container instance migrate finished first and web answered as version ${mine.appVersion}.`, HINT, 4);
    }, "process");
  },
};
