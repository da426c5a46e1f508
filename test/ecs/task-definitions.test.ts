import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { FARGATE_TASK_SIZES } from "minicloud";
import { createVirtualClock } from "../../src/core/clock.js";
import type { RegisterTaskDefinitionRequest } from "../../src/ecs/ecs-types.js";
import { TaskDefinitionStore } from "../../src/ecs/task-definitions/task-definition-store.js";

const web = (over: Partial<RegisterTaskDefinitionRequest> = {}): RegisterTaskDefinitionRequest => ({
  family: "web",
  containerDefinitions: [{ name: "app", image: "hello-service:v1", memory: 128, portMappings: [{ containerPort: 8080 }] }],
  ...over,
});
const fargate = (cpu: string, memory: string): RegisterTaskDefinitionRequest => ({
  family: "api",
  requiresCompatibilities: ["FARGATE"],
  networkMode: "awsvpc",
  cpu,
  memory,
  containerDefinitions: [{ name: "app", image: "hello-service:v1" }],
});

function refusal(request: RegisterTaskDefinitionRequest): { name: string; message: string; field: string | undefined } {
  try {
    new TaskDefinitionStore(createVirtualClock()).register(request);
  } catch (error) {
    const e = error as { name: string; message: string; field?: string };
    return { name: e.name, message: e.message, field: e.field };
  }
  throw new Error("ECS would refuse this task definition, but it was accepted");
}

describe("task definitions", () => {
  it("numbers revisions per family and fills in ECS's defaults", () => {
    const store = new TaskDefinitionStore(createVirtualClock());
    const first = store.register(web());
    const second = store.register(web());
    expect(first.taskDefinitionArn).toBe("arn:aws:ecs:us-east-1:123456789012:task-definition/web:1");
    expect(second.revision).toBe(2);
    expect(first.networkMode).toBe("bridge");
    expect(first.compatibilities).toEqual(["EC2"]);
    const app = first.containerDefinitions?.[0];
    expect(app).toMatchObject({ essential: true, cpu: 0, environment: [], mountPoints: [], volumesFrom: [] });
    expect(app?.portMappings).toEqual([{ containerPort: 8080, hostPort: 0, protocol: "tcp" }]);
  });

  it("describes by family (latest active), family:revision and ARN; deregistering makes a revision INACTIVE", () => {
    const store = new TaskDefinitionStore(createVirtualClock());
    store.register(web());
    store.register(web());
    expect(store.get("web").revision).toBe(2);
    expect(store.deregister("web:2").status).toBe("INACTIVE");
    expect(store.get("web").revision).toBe(1);
    expect(store.get("arn:aws:ecs:us-east-1:123456789012:task-definition/web:2").status).toBe("INACTIVE");
    expect(store.list()).toEqual(["arn:aws:ecs:us-east-1:123456789012:task-definition/web:1"]);
    expect(store.list({ status: "INACTIVE" })).toHaveLength(1);
    expect(store.families()).toEqual(["web"]);
    expect(() => store.get("nope")).toThrow(expect.objectContaining({ name: "ClientException", field: "taskDefinition" }));
  });

  it("accepts every Fargate size AWS offers and lists FARGATE as a compatibility", () => {
    const store = new TaskDefinitionStore(createVirtualClock());
    for (const [cpu, memory] of [["256", "512"], ["512", "4096"], ["1 vCPU", "2 GB"], ["4096", "30720"], ["16384", "122880"]] as const) {
      expect(store.register(fargate(cpu, memory)).compatibilities).toEqual(["EC2", "FARGATE"]);
    }
  });

  it("refuses what ECS refuses, with ECS's reason and the field to fix", () => {
    expect(refusal(fargate("256", "4096"))).toEqual({
      name: "ClientException",
      message: "No Fargate configuration exists for given values: 256 CPU, 4096 memory. See the Amazon ECS documentation for the valid values.",
      field: "memory",
    });
    expect(refusal({ ...fargate("256", "512"), networkMode: "bridge" }).message).toBe("Fargate only supports network mode ‘awsvpc’.");
    expect(refusal({ ...fargate("256", "512"), cpu: undefined }).field).toBe("cpu");
    expect(refusal(web({ containerDefinitions: [{ name: "app", image: "x" }] }))).toMatchObject({
      message: "Invalid setting for container 'app'. At least one of 'memory' or 'memoryReservation' must be specified.",
      field: "containerDefinitions[0].memory",
    });
    expect(refusal(web({ containerDefinitions: [{ name: "app", image: "x", memory: 64, memoryReservation: 128 }] })).message).toContain("'memory' must be greater than or equal to 'memoryReservation'");
    expect(refusal(web({ containerDefinitions: [] })).message).toBe("Container list cannot be empty.");
    expect(refusal(web({ containerDefinitions: [{ name: "a", image: "x", memory: 64, essential: false }] })).message).toContain("at least one essential container");
    expect(refusal(web({ containerDefinitions: [{ name: "a", image: "x", memory: 64 }, { name: "a", image: "y", memory: 64 }] })).field).toBe("containerDefinitions[1].name");
    expect(refusal(web({ family: "my family" })).field).toBe("family");
    expect(refusal(web({ networkMode: "awsvpc", containerDefinitions: [{ name: "a", image: "x", memory: 64, portMappings: [{ containerPort: 80, hostPort: 8080 }] }] })).message).toBe(
      "When networkMode=awsvpc, the host ports and container ports in port mappings must match.",
    );
    expect(refusal(web({ networkMode: "awsvpc", containerDefinitions: [{ name: "a", image: "x", memory: 64, hostname: "h" }] })).message).toBe("hostname is not supported on container when networkMode=awsvpc.");
    expect(refusal(web({ containerDefinitions: [{ name: "a", image: "x", memory: 64, portMappings: [{ containerPort: 70000 }] }] })).field).toBe("containerDefinitions[0].portMappings[0].containerPort");
    expect(refusal(web({ containerDefinitions: [{ name: "a", image: "x", memory: 4 }] })).message).toContain("minimum is 6 MiB");
    expect(refusal(web({ cpu: "64" })).message).toContain("Invalid 'cpu' setting for task");
  });

  it("checks container dependencies: known names, conditions, no cycles, HEALTHY needs a health check", () => {
    const containers = (deps: { a?: string; b?: string; bEssential?: boolean; bHealth?: boolean }) => [
      { name: "a", image: "x", memory: 64, ...(deps.a ? { dependsOn: [{ containerName: "b", condition: deps.a }] } : {}) },
      {
        name: "b",
        image: "x",
        memory: 64,
        essential: deps.bEssential ?? true,
        ...(deps.b ? { dependsOn: [{ containerName: "a", condition: deps.b }] } : {}),
        ...(deps.bHealth ? { healthCheck: { command: ["CMD-SHELL", "true"] } } : {}),
      },
    ];
    const store = new TaskDefinitionStore(createVirtualClock());
    expect(store.register(web({ containerDefinitions: containers({ a: "START" }) })).revision).toBe(1);
    expect(store.register(web({ containerDefinitions: containers({ a: "SUCCESS", bEssential: false }) })).revision).toBe(2);
    const healthy = store.register(web({ containerDefinitions: containers({ a: "HEALTHY", bHealth: true }) }));
    expect(healthy.containerDefinitions?.[1]?.healthCheck).toEqual({ command: ["CMD-SHELL", "true"], interval: 30, timeout: 5, retries: 3, startPeriod: 0 });
    expect(refusal(web({ containerDefinitions: containers({ a: "SUCCESS" }) })).message).toContain("must have essential: false");
    expect(refusal(web({ containerDefinitions: containers({ a: "HEALTHY" }) })).message).toContain("has no healthCheck");
    expect(refusal(web({ containerDefinitions: containers({ a: "START", b: "START" }) })).message).toContain("cycle");
    expect(refusal(web({ containerDefinitions: containers({ a: "READY" }) })).field).toBe("containerDefinitions[0].dependsOn[0].condition");
  });

  it("accepts a Fargate size exactly when AWS's size table has it (generated sizes)", () => {
    const store = new TaskDefinitionStore(createVirtualClock());
    fc.assert(
      fc.property(fc.constantFrom(128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768), fc.integer({ min: 1, max: 130 }).map((n) => n * 1024 - (n % 3 === 0 ? 512 : 0)), (cpu, memory) => {
        const offered = FARGATE_TASK_SIZES.get(cpu)?.includes(memory) ?? false;
        let accepted = true;
        try {
          store.register(fargate(String(cpu), String(memory)));
        } catch (error) {
          accepted = false;
          expect((error as Error).name).toBe("ClientException");
        }
        expect(accepted).toBe(offered);
      }),
      { seed: 5, numRuns: 400 },
    );
  });
});
