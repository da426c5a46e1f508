import { arn } from "../../core/arn.js";
import type { Clock } from "../../core/clock.js";
import type { RegisterTaskDefinitionRequest, TaskDefinition } from "../ecs-types.js";
import { clientException } from "../ecs-errors.js";
import { checkTaskDefinition } from "./validate-task-definition.js";

/** The ARN of a task definition revision: `arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>`. */
export function taskDefinitionArn(family: string, revision: number): string {
  return arn("ecs", `task-definition/${family}:${revision}`);
}

/** Task definitions by family, each a list of revisions (1, 2, 3…) that are never renumbered. */
export class TaskDefinitionStore {
  readonly #families = new Map<string, TaskDefinition[]>();
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Registers the next revision of a family (ECS's RegisterTaskDefinition). */
  register(request: RegisterTaskDefinitionRequest): TaskDefinition {
    const checked = checkTaskDefinition(request);
    const revisions = this.#families.get(checked.family) ?? [];
    const revision = revisions.length + 1;
    const definition: TaskDefinition = {
      taskDefinitionArn: taskDefinitionArn(checked.family, revision),
      family: checked.family,
      revision,
      status: "ACTIVE",
      containerDefinitions: checked.containerDefinitions,
      networkMode: checked.networkMode as TaskDefinition["networkMode"],
      requiresCompatibilities: checked.requiresCompatibilities as TaskDefinition["requiresCompatibilities"],
      compatibilities: checked.compatibilities as TaskDefinition["compatibilities"],
      placementConstraints: request.placementConstraints ?? [],
      volumes: request.volumes ?? [],
      ...(request.cpu !== undefined ? { cpu: String(checked.cpu) } : {}),
      ...(request.memory !== undefined ? { memory: String(checked.memory) } : {}),
      ...(request.taskRoleArn !== undefined ? { taskRoleArn: request.taskRoleArn } : {}),
      ...(request.executionRoleArn !== undefined ? { executionRoleArn: request.executionRoleArn } : {}),
      registeredAt: new Date(this.#clock.now()),
      registeredBy: arn("iam", "root", { region: "" }),
    };
    this.#families.set(checked.family, [...revisions, definition]);
    return structuredClone(definition);
  }

  /**
   * Finds a task definition by `family` (its latest ACTIVE revision), `family:revision` or ARN.
   * Throws ClientException when there is none, as DescribeTaskDefinition does.
   */
  get(ref: string, field = "taskDefinition"): TaskDefinition {
    const found = this.#find(ref);
    if (!found) throw clientException(`Unable to describe task definition ${JSON.stringify(ref)}: no such family or revision. Register it with registerTaskDefinition first.`, field);
    return found;
  }

  #find(ref: string): TaskDefinition | undefined {
    if (typeof ref !== "string") return undefined;
    const name = ref.startsWith("arn:") ? ref.slice(ref.indexOf("task-definition/") + "task-definition/".length) : ref;
    const [family, revision] = name.split(":");
    const revisions = this.#families.get(family ?? "") ?? [];
    if (revision === undefined) return revisions.filter((d) => d.status === "ACTIVE").at(-1);
    return revisions[Number(revision) - 1];
  }

  /** Marks a revision INACTIVE: running tasks and services keep it; new ones cannot use it. */
  deregister(ref: string): TaskDefinition {
    if (typeof ref !== "string" || !ref.includes(":")) {
      throw clientException("deregisterTaskDefinition needs a revision: give family:revision or the full ARN.", "taskDefinition");
    }
    const definition = this.get(ref);
    definition.status = "INACTIVE";
    definition.deregisteredAt = new Date(this.#clock.now());
    return structuredClone(definition);
  }

  /** ARNs of revisions, oldest first (ECS's ListTaskDefinitions). */
  list(options: { familyPrefix?: string; status?: "ACTIVE" | "INACTIVE"; sort?: "ASC" | "DESC" } = {}): string[] {
    const status = options.status ?? "ACTIVE";
    const arns = [...this.#families.entries()]
      .filter(([family]) => family.startsWith(options.familyPrefix ?? ""))
      .flatMap(([, revisions]) => revisions.filter((d) => d.status === status).map((d) => d.taskDefinitionArn ?? ""));
    return options.sort === "DESC" ? arns.reverse() : arns;
  }

  /** Family names with at least one revision of that status (ECS's ListTaskDefinitionFamilies). */
  families(options: { familyPrefix?: string; status?: "ACTIVE" | "INACTIVE" | "ALL" } = {}): string[] {
    const status = options.status ?? "ACTIVE";
    return [...this.#families.entries()]
      .filter(([family, revisions]) => family.startsWith(options.familyPrefix ?? "") && (status === "ALL" || revisions.some((d) => d.status === status)))
      .map(([family]) => family);
  }
}
