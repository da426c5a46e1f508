// One behaviour, every engine that runs programs: the same ECS tests run on the process engine (unit
// project) and on Docker (e2e project, never skipped in CI).
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cloud, ensureBaseImage, ensureImageFromFolder, packageRoot, waitForHttp, type EngineChoice, type RegisterTaskDefinitionRequest, type Task } from "minicloud";
import { until } from "../support/waiting.js";

const node = (code: string): string[] => ["node", "-e", code];

export function ecsContract(engine: Exclude<EngineChoice, "auto" | "simulated">): void {
  describe(`ECS on the ${engine} engine`, { timeout: 120_000 }, () => {
    let cloud: Cloud;
    const web = (version: string, extra: Partial<RegisterTaskDefinitionRequest> = {}): RegisterTaskDefinitionRequest => ({
      family: "web",
      containerDefinitions: [
        { name: "app", image: "minicloud/hello-service", memory: 128, portMappings: [{ containerPort: 8080, hostPort: 0 }], environment: [{ name: "APP_VERSION", value: version }], stopTimeout: 2 },
      ],
      ...extra,
    });
    const live = async (): Promise<number> => (await cloud.engine.listContainers()).filter((c) => c.status === "running").length;

    beforeAll(async () => {
      cloud = await Cloud.start({ engine });
      await ensureBaseImage(cloud.engine);
      await ensureImageFromFolder(cloud.engine, "minicloud/hello-service:latest", join(packageRoot(), "images", "hello-service"));
      await cloud.ecs.createCluster({ clusterName: "lab" });
      await cloud.ecs.launchContainerInstances({ cluster: "lab", count: 2, instanceType: "t3.medium" });
    });
    afterAll(async () => {
      await cloud?.shutdown();
    });

    it("runs a task whose container answers on its instance's address, and stops it cleanly", async () => {
      await cloud.ecs.registerTaskDefinition(web("1"));
      const { tasks, failures } = await cloud.ecs.runTask({ cluster: "lab", taskDefinition: "web" });
      expect(failures).toEqual([]);
      const [task] = await cloud.ecs.waitUntilTasksRunning({ cluster: "lab", tasks: [tasks[0]?.taskArn ?? ""] });
      expect(task?.lastStatus).toBe("RUNNING");
      const binding = task?.containers?.[0]?.networkBindings?.[0];
      expect(binding?.bindIP).toMatch(/^127\.\d+\.\d+\.\d+$/);
      expect((await waitForHttp(`http://${binding?.bindIP}:${binding?.hostPort}/`, { timeoutMs: 15_000 })).json()).toMatchObject({ service: "hello-service", version: "1" });
      const { containerInstances } = await cloud.ecs.describeContainerInstances({ cluster: "lab", containerInstances: [task?.containerInstanceArn ?? ""] });
      const memory = (r: { name?: string; integerValue?: number }[] | undefined): number | undefined => r?.find((x) => x.name === "MEMORY")?.integerValue;
      expect(memory(containerInstances[0]?.remainingResources)).toBe((memory(containerInstances[0]?.registeredResources) ?? 0) - 128);

      const { task: stopping } = await cloud.ecs.stopTask({ cluster: "lab", task: task?.taskArn ?? "", reason: "done with it" });
      expect(stopping.desiredStatus).toBe("STOPPED");
      const [stopped] = await cloud.ecs.waitUntilTasksStopped({ cluster: "lab", tasks: [task?.taskArn ?? ""] });
      expect(stopped).toMatchObject({ lastStatus: "STOPPED", stopCode: "UserInitiated", stoppedReason: "done with it" });
      expect(stopped?.containers?.[0]?.exitCode).toBe(0); // hello-service exits 0 on SIGTERM
      expect(await live()).toBe(0);
      const after = await cloud.ecs.describeContainerInstances({ cluster: "lab", containerInstances: [task?.containerInstanceArn ?? ""] });
      expect(memory(after.containerInstances[0]?.remainingResources)).toBe(memory(after.containerInstances[0]?.registeredResources));
    });

    it("stops a task when its essential container exits, with ECS's reason and the exit code", async () => {
      await cloud.ecs.registerTaskDefinition({ family: "crash", containerDefinitions: [{ name: "job", image: "minicloud/node", memory: 128, command: node("console.log('working'); process.exit(3)") }] });
      const { tasks } = await cloud.ecs.runTask({ cluster: "lab", taskDefinition: "crash" });
      const [task] = await cloud.ecs.waitUntilTasksStopped({ cluster: "lab", tasks: [tasks[0]?.taskArn ?? ""] });
      expect(task).toMatchObject({ stopCode: "EssentialContainerExited", stoppedReason: "Essential container in task exited" });
      expect(task?.containers?.[0]?.exitCode).toBe(3);
      expect(await cloud.ecs.containerLogs({ cluster: "lab", task: task?.taskArn ?? "", containerName: "job" })).toContain("working");
    });

    it("gives a task's containers the session's AWS endpoint and credentials; the task definition's variables win", async () => {
      await cloud.s3.createBucket({ Bucket: "task-inbox" });
      await cloud.s3.putObject({ Bucket: "task-inbox", Key: "hello.txt", Body: "hi from S3" });
      // What an SDK client in the container does, by hand (the image has no SDK): a request signed for s3.
      const read = `const e = process.env;
fetch(e.AWS_ENDPOINT_URL + "/task-inbox/hello.txt", { headers: { authorization: "AWS4-HMAC-SHA256 Credential=" + e.AWS_ACCESS_KEY_ID + "/20240101/" + e.AWS_REGION + "/s3/aws4_request, SignedHeaders=host, Signature=0" } })
  .then((r) => r.text()).then((text) => console.log("READ " + text + " | " + e.AWS_ACCESS_KEY_ID + " | " + e.AWS_SECRET_ACCESS_KEY));`;
      await cloud.ecs.registerTaskDefinition({
        family: "reader",
        containerDefinitions: [{ name: "job", image: "minicloud/node", memory: 128, command: node(read), environment: [{ name: "AWS_ACCESS_KEY_ID", value: "AKIAOWNKEYOFTHETASK" }] }],
      });
      const { tasks } = await cloud.ecs.runTask({ cluster: "lab", taskDefinition: "reader" });
      const [task] = await cloud.ecs.waitUntilTasksStopped({ cluster: "lab", tasks: [tasks[0]?.taskArn ?? ""] });
      const { credentials } = await cloud.awsAccess();
      expect(await cloud.ecs.containerLogs({ cluster: "lab", task: task?.taskArn ?? "", containerName: "job" })).toContain(`READ hi from S3 | AKIAOWNKEYOFTHETASK | ${credentials.secretAccessKey}`);
    });

    it("starts containers in dependency order (SUCCESS), and fails the task when a dependency fails", async () => {
      const definition = (initExit: number): RegisterTaskDefinitionRequest => ({
        family: `ordered-${initExit}`,
        containerDefinitions: [
          { name: "init", image: "minicloud/node", memory: 128, essential: false, command: node(`setTimeout(() => process.exit(${initExit}), 300)`) },
          { name: "app", image: "minicloud/node", memory: 128, command: node("setInterval(() => {}, 1000)"), dependsOn: [{ containerName: "init", condition: "SUCCESS" }] },
        ],
      });
      await cloud.ecs.registerTaskDefinition(definition(0));
      await cloud.ecs.registerTaskDefinition(definition(1));
      const ok = (await cloud.ecs.runTask({ cluster: "lab", taskDefinition: "ordered-0" })).tasks[0]?.taskArn ?? "";
      const [running] = await cloud.ecs.waitUntilTasksRunning({ cluster: "lab", tasks: [ok] });
      expect(running?.containers?.map((c) => [c.name, c.lastStatus, c.exitCode])).toEqual([["init", "STOPPED", 0], ["app", "RUNNING", undefined]]);
      const bad = (await cloud.ecs.runTask({ cluster: "lab", taskDefinition: "ordered-1" })).tasks[0]?.taskArn ?? "";
      const [failed] = await cloud.ecs.waitUntilTasksStopped({ cluster: "lab", tasks: [bad] });
      expect(failed?.stopCode).toBe("TaskFailedToStart");
      expect(failed?.stoppedReason).toContain("did not meet the SUCCESS condition");
      await cloud.ecs.stopTask({ cluster: "lab", task: ok });
      await cloud.ecs.waitUntilTasksStopped({ cluster: "lab", tasks: [ok] });
    });

    it("fails a task whose image does not exist with CannotPullContainerError", async () => {
      await cloud.ecs.registerTaskDefinition({ family: "missing", containerDefinitions: [{ name: "x", image: "no-such-image:v9", memory: 128 }] });
      const { tasks } = await cloud.ecs.runTask({ cluster: "lab", taskDefinition: "missing" });
      const [task] = await cloud.ecs.waitUntilTasksStopped({ cluster: "lab", tasks: [tasks[0]?.taskArn ?? ""] });
      expect(task?.stopCode).toBe("TaskFailedToStart");
      expect(task?.stoppedReason).toMatch(/^CannotPullContainerError/);
    });

    it("gives an awsvpc (Fargate) task its own address, where its container port answers", async () => {
      await cloud.ecs.registerTaskDefinition({ ...web("fargate"), family: "api", networkMode: "awsvpc", requiresCompatibilities: ["FARGATE"], cpu: "256", memory: "512", containerDefinitions: [{ ...web("3").containerDefinitions![0]!, portMappings: [{ containerPort: 8080 }] }] });
      const { tasks } = await cloud.ecs.runTask({ cluster: "lab", taskDefinition: "api", launchType: "FARGATE", networkConfiguration: cloud.ecs.defaultNetworkConfiguration() });
      const [task] = await cloud.ecs.waitUntilTasksRunning({ cluster: "lab", tasks: [tasks[0]?.taskArn ?? ""] });
      const address = task?.attachments?.[0]?.details?.find((d) => d.name === "privateIPv4Address")?.value;
      expect(task?.launchType).toBe("FARGATE");
      expect(task?.containerInstanceArn).toBeUndefined();
      expect((await waitForHttp(`http://${address}:8080/`, { timeoutMs: 15_000 })).json()).toMatchObject({ version: "3" });
      await cloud.ecs.stopTask({ cluster: "lab", task: task?.taskArn ?? "" });
      const [stopped] = await cloud.ecs.waitUntilTasksStopped({ cluster: "lab", tasks: [task?.taskArn ?? ""] });
      expect(stopped?.lastStatus).toBe("STOPPED");
    });

    it("runs health checks: a passing check makes the task HEALTHY; a service replaces a task that fails its checks", async () => {
      const checked = (family: string, exit: number): RegisterTaskDefinitionRequest => ({
        family,
        containerDefinitions: [{ ...web("1").containerDefinitions![0]!, healthCheck: { command: ["CMD", "node", "-e", `process.exit(${exit})`], interval: 5, retries: 1, timeout: 4 } }],
      });
      await cloud.ecs.registerTaskDefinition(checked("fine", 0));
      await cloud.ecs.registerTaskDefinition(checked("sick", 1));
      const fine = (await cloud.ecs.runTask({ cluster: "lab", taskDefinition: "fine" })).tasks[0]?.taskArn ?? "";
      await cloud.ecs.createService({ cluster: "lab", serviceName: "sick", taskDefinition: "sick", desiredCount: 1 });
      await until(async () => ((await cloud.ecs.describeTasks({ cluster: "lab", tasks: [fine] })).tasks[0]?.healthStatus === "HEALTHY" ? true : undefined), 30_000);
      const event = await until(async () => (await cloud.ecs.describeServices({ cluster: "lab", services: ["sick"] })).services[0]?.events?.find((e) => /failed container health checks/.test(e.message ?? "")), 30_000);
      expect(event.message).toMatch(/^\(service sick\) \(task [0-9a-f]{32}\) failed container health checks\.$/);
      const { taskArns } = await cloud.ecs.listTasks({ cluster: "lab", serviceName: "sick", desiredStatus: "STOPPED" });
      const { tasks } = await cloud.ecs.describeTasks({ cluster: "lab", tasks: taskArns });
      expect(tasks[0]).toMatchObject({ stopCode: "ServiceSchedulerInitiated", stoppedReason: "Task failed container health checks", healthStatus: "UNHEALTHY" });
      await cloud.ecs.deleteService({ cluster: "lab", service: "sick", force: true });
      await cloud.ecs.stopTask({ cluster: "lab", task: fine });
      await until(async () => ((await live()) === 0 ? true : undefined), 30_000);
    });

    it("keeps a service of 4 tasks spread 2 + 2 over 2 instances, and replaces a task whose container is killed", async () => {
      await cloud.ecs.createService({ cluster: "lab", serviceName: "web", taskDefinition: "web", desiredCount: 4 });
      let [service] = await cloud.ecs.waitUntilServicesStable({ cluster: "lab", services: ["web"] });
      expect(service?.runningCount).toBe(4);
      expect(service?.events?.[0]?.message).toBe("(service web) has reached a steady state.");
      const perInstance = async (): Promise<number[]> => {
        const { taskArns } = await cloud.ecs.listTasks({ cluster: "lab", serviceName: "web" });
        const { tasks } = await cloud.ecs.describeTasks({ cluster: "lab", tasks: taskArns });
        const counts = new Map<string, number>();
        for (const t of tasks) counts.set(t.containerInstanceArn ?? "", (counts.get(t.containerInstanceArn ?? "") ?? 0) + 1);
        return [...counts.values()].sort();
      };
      expect(await perInstance()).toEqual([2, 2]);

      const victim = (await cloud.engine.listContainers()).find((c) => c.labels["com.amazonaws.ecs.container-name"] === "app" && c.status === "running");
      await cloud.engine.killContainer(victim?.id ?? "", "SIGKILL");
      await until(async () => (await cloud.ecs.describeServices({ cluster: "lab", services: ["web"] })).services[0]?.events?.find((e) => /has started 1 tasks/.test(e.message ?? "")), 30_000);
      [service] = await cloud.ecs.waitUntilServicesStable({ cluster: "lab", services: ["web"] });
      expect(service?.runningCount).toBe(4);
      const { taskArns } = await cloud.ecs.listTasks({ cluster: "lab", serviceName: "web", desiredStatus: "STOPPED" });
      const { tasks: stopped } = await cloud.ecs.describeTasks({ cluster: "lab", tasks: taskArns });
      expect(stopped.map((t: Task) => t.stoppedReason)).toContain("Essential container in task exited");
    });

    it("rolls out a new revision without dropping below minimumHealthyPercent, then scales to 0 and deletes", async () => {
      await cloud.ecs.registerTaskDefinition(web("2"));
      let lowest = Infinity;
      const watch = setInterval(async () => {
        const s = (await cloud.ecs.describeServices({ cluster: "lab", services: ["web"] })).services[0];
        lowest = Math.min(lowest, s?.runningCount ?? 0);
      }, 20);
      await cloud.ecs.updateService({ cluster: "lab", service: "web", taskDefinition: "web:2", deploymentConfiguration: { minimumHealthyPercent: 75, maximumPercent: 100 } });
      const [service] = await cloud.ecs.waitUntilServicesStable({ cluster: "lab", services: ["web"] });
      clearInterval(watch);
      expect(lowest).toBeGreaterThanOrEqual(3);
      expect(service?.deployments).toHaveLength(1);
      expect(service?.deployments?.[0]).toMatchObject({ taskDefinition: expect.stringMatching(/web:2$/), rolloutState: "COMPLETED", runningCount: 4 });
      expect(service?.events?.some((e) => /deployment completed/.test(e.message ?? ""))).toBe(true);

      await expect(cloud.ecs.deleteService({ cluster: "lab", service: "web" })).rejects.toMatchObject({ name: "InvalidParameterException" });
      await cloud.ecs.updateService({ cluster: "lab", service: "web", desiredCount: 0 });
      await cloud.ecs.deleteService({ cluster: "lab", service: "web" });
      await until(async () => ((await live()) === 0 ? true : undefined), 30_000);
      await until(async () => ((await cloud.ecs.describeServices({ cluster: "lab", services: ["web"] })).services[0]?.status === "INACTIVE" ? true : undefined), 10_000);
    });
  });
}
