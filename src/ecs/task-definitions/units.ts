import { clientException } from "../ecs-errors.js";

// Task-level cpu and memory are strings in ECS's API: "1024" or "1 vCPU", "2048" or "2 GB".
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#task_size

/** Task-level cpu in CPU units (1 vCPU = 1024 units), from "256", "0.25 vCPU" or "1 vcpu". */
export function parseTaskCpu(value: string, field = "cpu"): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(vcpu)?\s*$/i.exec(value);
  if (!match) throw clientException(`Invalid 'cpu' setting for task: "${value}". Give CPU units such as "256" or "1024", or vCPUs such as "1 vCPU".`, field);
  const units = match[2] ? Number(match[1]) * 1024 : Number(match[1]);
  if (!Number.isInteger(units)) throw clientException(`Invalid 'cpu' setting for task: "${value}" is not a whole number of CPU units.`, field);
  return units;
}

/** Task-level memory in MiB, from "512", "2GB" or "2 GB". */
export function parseTaskMemory(value: string, field = "memory"): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(gb|mb|mib|gib)?\s*$/i.exec(value);
  if (!match) throw clientException(`Invalid 'memory' setting for task: "${value}". Give MiB such as "512", or GB such as "2 GB".`, field);
  const unit = (match[2] ?? "").toLowerCase();
  const mib = unit.startsWith("g") ? Number(match[1]) * 1024 : Number(match[1]);
  if (!Number.isInteger(mib)) throw clientException(`Invalid 'memory' setting for task: "${value}" is not a whole number of MiB.`, field);
  return mib;
}
