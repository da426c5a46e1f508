import type { ContainerDefinition, RegisterTaskDefinitionRequest } from "../ecs-types.js";
import { clientException } from "../ecs-errors.js";
import { checkContainer, type TaskContext } from "./container-rules.js";
import { isFargateSize } from "./fargate-sizes.js";
import { parseTaskCpu, parseTaskMemory } from "./units.js";

// Task-level rules of RegisterTaskDefinition. A definition accepted here must be one ECS accepts, and
// one ECS refuses must be refused here with ECS's reason.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html

const FAMILY = /^[a-zA-Z0-9_-]{1,255}$/;
const NETWORK_MODES = ["bridge", "host", "awsvpc", "none"];
const COMPATIBILITIES = ["EC2", "FARGATE", "EXTERNAL"];
/** A task on EC2 may ask for 128 CPU units to 192 vCPUs. */
const EC2_TASK_CPU = { min: 128, max: 196_608 };

/** A task definition as checked: the request with ECS's defaults filled in, and what it is compatible with. */
export interface CheckedTaskDefinition {
  family: string;
  networkMode: string;
  containerDefinitions: ContainerDefinition[];
  requiresCompatibilities: string[];
  compatibilities: string[];
  /** CPU units and MiB, when set at task level. */
  cpu: number | undefined;
  memory: number | undefined;
}

function checkDependencies(containers: ContainerDefinition[]): void {
  const byName = new Map(containers.map((c) => [c.name, c]));
  containers.forEach((c, i) => {
    (c.dependsOn ?? []).forEach((d, j) => {
      const target = byName.get(d.containerName);
      const field = `containerDefinitions[${i}].dependsOn[${j}].containerName`;
      if (!target) throw clientException(`Container '${c.name}' depends on '${d.containerName}', which is not a container of this task definition.`, field);
      if (target === c) throw clientException(`Container '${c.name}' cannot depend on itself.`, field);
      // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDependency.html
      if ((d.condition === "COMPLETE" || d.condition === "SUCCESS") && target.essential) {
        throw clientException(`Container '${c.name}' waits for '${target.name}' to ${d.condition === "SUCCESS" ? "succeed" : "complete"}, so '${target.name}' must have essential: false (an essential container that exits stops the task).`, field);
      }
      if (d.condition === "HEALTHY" && !target.healthCheck) {
        throw clientException(`Container '${c.name}' waits for '${target.name}' to be HEALTHY, but '${target.name}' has no healthCheck.`, field);
      }
    });
  });
  // A cycle would leave every container in it waiting forever.
  const state = new Map<string, "visiting" | "done">();
  const visit = (name: string, path: string[]): void => {
    if (state.get(name) === "done") return;
    if (state.get(name) === "visiting") throw clientException(`Container dependencies form a cycle: ${[...path, name].join(" → ")}.`, "containerDefinitions");
    state.set(name, "visiting");
    for (const d of byName.get(name)?.dependsOn ?? []) visit(d.containerName ?? "", [...path, name]);
    state.set(name, "done");
  };
  for (const c of containers) visit(c.name ?? "", []);
}

function checkFargate(networkMode: string, cpu: number | undefined, memory: number | undefined, raw: RegisterTaskDefinitionRequest): void {
  if (networkMode !== "awsvpc") throw clientException("Fargate only supports network mode ‘awsvpc’.", "networkMode");
  if (cpu === undefined) throw clientException("Fargate requires that 'cpu' be defined at the task level.", "cpu");
  if (memory === undefined) throw clientException("Fargate requires that 'memory' be defined at the task level.", "memory");
  if (!isFargateSize(cpu, memory)) {
    throw clientException(`No Fargate configuration exists for given values: ${raw.cpu} CPU, ${raw.memory} memory. See the Amazon ECS documentation for the valid values.`, "memory");
  }
  raw.containerDefinitions?.forEach((c, i) => {
    if (c.links?.length) throw clientException("links are not supported for tasks using the Fargate launch type.", `containerDefinitions[${i}].links`);
  });
}

/** Checks a RegisterTaskDefinition request the way ECS does; throws ClientException with ECS's reason. */
export function checkTaskDefinition(request: RegisterTaskDefinitionRequest): CheckedTaskDefinition {
  if (typeof request !== "object" || request === null) throw clientException("registerTaskDefinition needs a request object with family and containerDefinitions.");
  if (typeof request.family !== "string" || !FAMILY.test(request.family)) {
    throw clientException(`Invalid family ${JSON.stringify(request.family)}. Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed.`, "family");
  }
  const networkMode = request.networkMode ?? "bridge";
  if (!NETWORK_MODES.includes(networkMode)) {
    throw clientException(`Invalid networkMode ${JSON.stringify(networkMode)}. Use one of ${NETWORK_MODES.join(", ")}.`, "networkMode");
  }
  const requiresCompatibilities = request.requiresCompatibilities ?? [];
  requiresCompatibilities.forEach((c, i) => {
    if (!COMPATIBILITIES.includes(c)) throw clientException(`Invalid requiresCompatibilities value ${JSON.stringify(c)}. Use EC2, FARGATE or EXTERNAL.`, `requiresCompatibilities[${i}]`);
  });
  const cpu = request.cpu === undefined ? undefined : parseTaskCpu(request.cpu);
  const memory = request.memory === undefined ? undefined : parseTaskMemory(request.memory);
  if (cpu !== undefined && (cpu < EC2_TASK_CPU.min || cpu > EC2_TASK_CPU.max)) {
    throw clientException(`Invalid 'cpu' setting for task. ${request.cpu} is outside ${EC2_TASK_CPU.min}–${EC2_TASK_CPU.max} CPU units. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.`, "cpu");
  }
  if (requiresCompatibilities.includes("FARGATE")) checkFargate(networkMode, cpu, memory, request);

  if (!Array.isArray(request.containerDefinitions) || request.containerDefinitions.length === 0) {
    throw clientException("Container list cannot be empty.", "containerDefinitions");
  }
  const ctx: TaskContext = { networkMode, taskMemory: memory, taskCpu: cpu };
  const containers = request.containerDefinitions.map((c, i) => checkContainer(c, i, ctx));
  const seen = new Set<string>();
  containers.forEach((c, i) => {
    if (seen.has(c.name ?? "")) throw clientException(`Duplicate container name '${c.name}'. Container names must be unique within a task definition.`, `containerDefinitions[${i}].name`);
    seen.add(c.name ?? "");
  });
  if (!containers.some((c) => c.essential)) {
    throw clientException("A task definition must have at least one essential container.", "containerDefinitions");
  }
  const containerCpu = containers.reduce((sum, c) => sum + (c.cpu ?? 0), 0);
  if (cpu !== undefined && containerCpu > cpu) {
    throw clientException(`The containers ask for ${containerCpu} CPU units together, more than the task's cpu (${cpu}).`, "cpu");
  }
  checkDependencies(containers);

  // ECS lists FARGATE as a compatibility whenever the definition would also run there.
  let fargateOk = requiresCompatibilities.includes("FARGATE");
  if (!fargateOk) {
    try {
      checkFargate(networkMode, cpu, memory, request);
      fargateOk = true;
    } catch {
      fargateOk = false;
    }
  }
  const compatibilities = ["EC2", ...(fargateOk ? ["FARGATE"] : [])];
  return { family: request.family, networkMode, containerDefinitions: containers, requiresCompatibilities, compatibilities, cpu, memory };
}
