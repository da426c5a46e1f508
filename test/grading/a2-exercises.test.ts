// The exercises of assignment a2-ecs: a right answer passes, and each typical mistake is caught with a
// counterexample from the library, for the student's own numbers as well as generated ones.
import { describe, expect, it } from "vitest";
import { check, exerciseParameters, isFargateSize, monthlyFleetCost, registeredResources, rolloutStep, type RegisterTaskDefinitionRequest, type RolloutTask } from "minicloud";
import { ecsAssignmentExercises } from "../../src/grading/exercises/a2-ecs/index.js";
import { playRollout } from "../../src/grading/exercises/ecs-operations.js";

const student = "ada";

type Strategy = "binpack" | "spread";
function layout(instanceType: string, instances: number, cpu: number, memory: number, count: number, strategy: Strategy): number[] {
  const r = registeredResources(instanceType);
  const perInstance = Math.min(Math.floor(r.cpu / cpu), Math.floor(r.memory / memory));
  const placed = Math.min(count, perInstance * instances);
  return Array.from({ length: instances }, (_, i) =>
    strategy === "binpack" ? Math.max(0, Math.min(perInstance, placed - i * perInstance)) : Math.floor(placed / instances) + (i < placed % instances ? 1 : 0),
  );
}

/** Every combination of an exercise's parameters: every student's numbers, whoever they are. */
function everyCombination(id: string): Record<string, number | string>[] {
  const choices = ecsAssignmentExercises.find((e) => e.id === id)!.parameters!;
  return Object.entries(choices).reduce<Record<string, number | string>[]>((all, [name, values]) => all.flatMap((partial) => values.map((v) => ({ ...partial, [name]: v }))), [{}]);
}

describe("every student's numbers", () => {
  it("a2-fleet-cost: each task size is one Fargate offers and fits on each instance type", () => {
    for (const { tasks, taskSize, instanceType } of everyCombination("a2-fleet-cost")) {
      const [cpu, memory] = String(taskSize).split("/").map(Number) as [number, number];
      expect(isFargateSize(cpu, memory), String(taskSize)).toBe(true);
      expect(() => monthlyFleetCost(Number(tasks), cpu, memory, instanceType as "m5.large")).not.toThrow();
    }
  });

  it("a2-rollout: each deployment finishes", () => {
    for (const { desired, minimumHealthyPercent, maximumPercent } of everyCombination("a2-rollout")) {
      expect(playRollout(Number(desired), Number(minimumHealthyPercent), Number(maximumPercent)).finished).toBe(true);
    }
  });
});

describe("a2-layout", () => {
  const mine = exerciseParameters("a2-layout", student) as { instanceType: string; instances: number; cpu: number; memory: number; count: number };
  const yourLayout = () => ({
    binpack: layout(mine.instanceType, mine.instances, mine.cpu, mine.memory, mine.count, "binpack"),
    spread: layout(mine.instanceType, mine.instances, mine.cpu, mine.memory, mine.count, "spread"),
  });

  it("passes a layout that fills instances for binpack and evens them out for spread", async () => {
    const result = await check("a2-layout", { student, layout, yourLayout });
    expect(result).toMatchObject({ passed: true, message: expect.stringContaining("yourLayout() is right for your numbers too") });
  });

  it("catches a layout that forgets the memory ECS keeps back", async () => {
    const forgets = (type: string, n: number, cpu: number, memory: number, count: number, s: Strategy) => {
      const r = registeredResources(type);
      const per = Math.min(Math.floor(r.cpu / cpu), Math.floor((r.memory + 256) / memory));
      const placed = Math.min(count, per * n);
      return Array.from({ length: n }, (_, i) => (s === "binpack" ? Math.max(0, Math.min(per, placed - i * per)) : Math.floor(placed / n) + (i < placed % n ? 1 : 0)));
    };
    const result = await check("a2-layout", { student, layout: forgets, yourLayout });
    expect(result.passed).toBe(false);
    expect(result.counterexample).toBeDefined();
  });

  it("catches a wrong prediction for the student's own cluster, naming it", async () => {
    const oneMore = () => ({ ...yourLayout(), binpack: yourLayout().binpack.map((n, i) => (i === 0 ? n + 1 : n)) });
    const result = await check("a2-layout", { student, layout, yourLayout: oneMore });
    expect(result).toMatchObject({ passed: false, counterexample: { input: expect.stringContaining(`your cluster: ${mine.instances} × ${mine.instanceType}`) } });
  });

  it("says what to pass when the answer is not { student, ... }", async () => {
    const result = await check("a2-layout", layout);
    expect(result).toMatchObject({ passed: false, message: expect.stringContaining('check("a2-layout", { student, layout, yourLayout })') });
  });
});

describe("a2-fleet-cost", () => {
  const mine = exerciseParameters("a2-fleet-cost", student) as { tasks: number; taskSize: string; instanceType: string };
  const [cpu, memory] = mine.taskSize.split("/").map(Number) as [number, number];
  const monthlyCosts = (tasks: number, cpu: number, memory: number, type: string) => {
    const r = registeredResources(type);
    const instances = Math.ceil(tasks / Math.min(Math.floor(r.cpu / cpu), Math.floor(r.memory / memory)));
    const perHour: Record<string, number> = { "t3.medium": 0.0416, "m5.large": 0.096, "m5.xlarge": 0.192, "c5.large": 0.085, "r5.4xlarge": 1.008 };
    return { fargate: tasks * 730 * ((cpu / 1024) * 0.04048 + (memory / 1024) * 0.004445), ec2: instances * 730 * perHour[type]! };
  };
  const yourCheaper = () => {
    const c = monthlyFleetCost(mine.tasks, cpu, memory, mine.instanceType as "m5.large");
    return c.ec2 < c.fargate ? "EC2" : "FARGATE";
  };

  it("passes costs worked out from the price tables and the instances the tasks need", async () => {
    expect((await check("a2-fleet-cost", { student, monthlyCosts, yourCheaper })).passed).toBe(true);
  });

  it("catches EC2 priced per task instead of per whole instance", async () => {
    const perTask = (tasks: number, cpu: number, memory: number, type: string) => {
      const right = monthlyCosts(tasks, cpu, memory, type);
      const r = registeredResources(type);
      return { ...right, ec2: (right.ec2 / Math.ceil(tasks / Math.min(Math.floor(r.cpu / cpu), Math.floor(r.memory / memory)))) * (tasks / Math.min(Math.floor(r.cpu / cpu), Math.floor(r.memory / memory))) };
    };
    const result = await check("a2-fleet-cost", { student, monthlyCosts: perTask, yourCheaper });
    expect(result.passed).toBe(false);
    expect(result.hint).toMatch(/whole instances/);
  });

  it("catches the wrong launch type for the student's own service", async () => {
    const result = await check("a2-fleet-cost", { student, monthlyCosts, yourCheaper: () => (yourCheaper() === "EC2" ? "FARGATE" : "EC2") });
    expect(result).toMatchObject({ passed: false, counterexample: { input: expect.stringContaining(`your service: ${mine.tasks} tasks`) } });
  });
});

describe("a2-rollout", () => {
  const mine = exerciseParameters("a2-rollout", student) as { desired: number; minimumHealthyPercent: number; maximumPercent: number };
  const rolloutCounts = (desired: number, min: number, max: number, old: number, healthy: number, starting: number) => {
    const floor = Math.ceil((desired * min) / 100);
    const ceiling = Math.max(Math.floor((desired * max) / 100), 1);
    return { start: Math.max(0, Math.min(desired - healthy - starting, ceiling - old - healthy - starting)), stop: Math.max(0, Math.min(old, old + healthy - floor)) };
  };
  const play = (counts: typeof rolloutCounts) => () => {
    let [old, fresh] = [mine.desired, 0];
    const steps: { start: number; stop: number }[] = [];
    while (old > 0 || fresh < mine.desired) {
      const { start, stop } = counts(mine.desired, mine.minimumHealthyPercent, mine.maximumPercent, old, fresh, 0);
      steps.push({ start, stop });
      [old, fresh] = [old - stop, fresh + start];
    }
    return steps;
  };

  it("passes counts that respect the floor, the ceiling, and a step's single look at the service", async () => {
    expect((await check("a2-rollout", { student, rolloutCounts, yourRollout: play(rolloutCounts) })).passed).toBe(true);
  });

  it("agrees with rolloutStep itself on the student's first step", () => {
    const tasks: RolloutTask[] = Array.from({ length: mine.desired }, (_, i) => ({ id: `o${i}`, primary: false, healthy: true, draining: false, zoneLoad: 0, instanceLoad: 0, createdAt: 0 }));
    const step = rolloutStep(tasks, mine.desired, mine.minimumHealthyPercent, mine.maximumPercent);
    expect(rolloutCounts(mine.desired, mine.minimumHealthyPercent, mine.maximumPercent, mine.desired, 0, 0)).toEqual({ start: step.start, stop: step.stop.length });
  });

  it("catches a step that starts tasks in the room its own stops free", async () => {
    const eager = (desired: number, min: number, max: number, old: number, healthy: number, starting: number) => {
      const { stop } = rolloutCounts(desired, min, max, old, healthy, starting);
      const ceiling = Math.max(Math.floor((desired * max) / 100), 1);
      return { start: Math.max(0, Math.min(desired - healthy - starting, ceiling - (old - stop) - healthy - starting)), stop };
    };
    const result = await check("a2-rollout", { student, rolloutCounts: eager, yourRollout: play(eager) });
    expect(result.passed).toBe(false);
    expect(result.counterexample?.input).toMatch(/^desired = \d+, min = \d+, max = \d+, old = \d+, healthy = \d+, starting = \d+$/);
  });

  it("catches a floor rounded down", async () => {
    const floorDown = (desired: number, min: number, max: number, old: number, healthy: number, starting: number) => ({
      ...rolloutCounts(desired, min, max, old, healthy, starting),
      stop: Math.max(0, Math.min(old, old + healthy - Math.floor((desired * min) / 100))),
    });
    expect((await check("a2-rollout", { student, rolloutCounts: floorDown, yourRollout: play(rolloutCounts) })).passed).toBe(false);
  });
});

describe("a2-health", () => {
  const mine = exerciseParameters("a2-health", student) as { interval: number; timeout: number; retries: number; startPeriod: number; hangs: string };
  const secondsToUnhealthy = (interval: number, timeout: number, retries: number, startPeriod: number, hangs: boolean) => {
    const cycle = interval + (hangs ? timeout : 0);
    const first = Math.max(1, Math.ceil(startPeriod / cycle));
    return (first + retries - 1) * cycle;
  };
  const yourSeconds = () => secondsToUnhealthy(mine.interval, mine.timeout, mine.retries, mine.startPeriod, mine.hangs === "yes");

  it("passes timing that counts each check from the end of the last, after the start period", async () => {
    expect((await check("a2-health", { student, secondsToUnhealthy, yourSeconds })).passed).toBe(true);
  });

  it("catches timing that forgets a hanging check runs until its timeout", async () => {
    const noTimeout = (interval: number, timeout: number, retries: number, startPeriod: number) => secondsToUnhealthy(interval, timeout, retries, startPeriod, false);
    const result = await check("a2-health", { student, secondsToUnhealthy: noTimeout, yourSeconds });
    expect(result).toMatchObject({ passed: false, counterexample: { input: expect.stringContaining("true") } });
  });

  it("catches timing that counts failures inside the start period", async () => {
    const counts = (interval: number, timeout: number, retries: number, _startPeriod: number, hangs: boolean) => secondsToUnhealthy(interval, timeout, retries, 0, hangs);
    expect((await check("a2-health", { student, secondsToUnhealthy: counts, yourSeconds })).passed).toBe(false);
  });
});

describe("a2-constraint", () => {
  const mine = exerciseParameters("a2-constraint", student) as { family: string; zones: string; avoidStack: string };
  const expression = `attribute:ecs.instance-type =~ ${mine.family}.* and attribute:ecs.availability-zone in [${mine.zones}] and attribute:stack != ${mine.avoidStack}`;

  it("passes a memberOf expression of the student's rule with distinctInstance", async () => {
    const result = await check("a2-constraint", { student, placementConstraints: () => [{ type: "memberOf", expression }, { type: "distinctInstance" }] });
    expect(result.passed).toBe(true);
  });

  it("catches a missing distinctInstance, and a missing part of the rule", async () => {
    expect((await check("a2-constraint", { student, placementConstraints: [{ type: "memberOf", expression }] })).passed).toBe(false);
    const noStack = expression.replace(/ and attribute:stack.*$/, "");
    const result = await check("a2-constraint", { student, placementConstraints: [{ type: "memberOf", expression: noStack }, { type: "distinctInstance" }] });
    expect(result).toMatchObject({ passed: false, counterexample: { input: expect.stringContaining(mine.avoidStack) } });
  });

  it("shows ECS's refusal of an expression it cannot parse", async () => {
    const result = await check("a2-constraint", { student, placementConstraints: [{ type: "memberOf", expression: "attribute:stack ~= test" }] });
    expect(result.message).toContain("ECS would refuse these constraints");
  });
});

describe("a2-run-task and a2-task-definition, on the process engine", { timeout: 120_000 }, () => {
  it("a2-run-task: passes a function that runs the definition and reads the stopped task", async () => {
    const { Cloud, ensureBaseImage } = await import("minicloud");
    const runAndReport = async (definition: RegisterTaskDefinitionRequest) => {
      const cloud = await Cloud.start({ engine: "process" });
      try {
        await ensureBaseImage(cloud.engine);
        await cloud.ecs.createCluster({});
        await cloud.ecs.launchContainerInstances({ count: 1 });
        await cloud.ecs.registerTaskDefinition(definition);
        const { tasks } = await cloud.ecs.runTask({ taskDefinition: definition.family! });
        const [task] = await cloud.ecs.waitUntilTasksStopped({ tasks: [tasks[0]!.taskArn!] });
        return { stopCode: task!.stopCode, exitCodes: Object.fromEntries(task!.containers!.map((c) => [c.name, c.exitCode ?? null])) };
      } finally {
        await cloud.shutdown();
      }
    };
    expect((await check("a2-run-task", runAndReport)).passed).toBe(true);
    const alwaysExits = await check("a2-run-task", async (d: RegisterTaskDefinitionRequest) => ({ ...(await runAndReport(d)), stopCode: "EssentialContainerExited" }));
    expect(alwaysExits).toMatchObject({ passed: false, counterexample: { input: expect.stringContaining("SUCCESS"), expected: expect.stringContaining("TaskFailedToStart") } });
  });

  const mine = exerciseParameters("a2-task-definition", student) as { family: string; appVersion: string; memory: number };
  const taskDefinition = (over: { migrate?: object; web?: object } = {}): RegisterTaskDefinitionRequest => ({
    family: mine.family,
    requiresCompatibilities: ["EC2"],
    containerDefinitions: [
      { name: "migrate", image: "minicloud/node", memory: 64, essential: false, command: ["node", "-e", "console.log('schema migrated')"], ...over.migrate },
      {
        name: "web",
        image: "minicloud/hello-service",
        memory: mine.memory,
        cpu: 256,
        portMappings: [{ containerPort: 8080, hostPort: 0 }],
        environment: [{ name: "APP_VERSION", value: mine.appVersion }],
        dependsOn: [{ containerName: "migrate", condition: "SUCCESS" }],
        ...over.web,
      },
    ],
  });

  it("a2-task-definition: registers, runs, and answers with the student's version", async () => {
    const result = await check("a2-task-definition", { student, taskDefinition });
    expect(result).toMatchObject({ passed: true, message: expect.stringContaining(`version ${mine.appVersion}`) });
  });

  it("a2-task-definition: shows ECS's ClientException for an essential migration, and a failing one when it runs", async () => {
    const essential = await check("a2-task-definition", { student, taskDefinition: taskDefinition({ migrate: { essential: true } }) });
    expect(essential).toMatchObject({ passed: false, message: expect.stringContaining("ClientException") });
    const failing = await check("a2-task-definition", { student, taskDefinition: taskDefinition({ migrate: { command: ["node", "-e", "process.exit(1)"] } }) });
    expect(failing).toMatchObject({ passed: false, message: expect.stringContaining("the task stopped instead of running: TaskFailedToStart") });
    const wrongVersion = await check("a2-task-definition", { student, taskDefinition: taskDefinition({ web: { environment: [] } }) });
    expect(wrongVersion.message).toContain("APP_VERSION");
  });
});
