import { arn } from "../../core/arn.js";
import type { Timer } from "../../core/clock.js";
import type { TaskRecord } from "../agent/task-record.js";
import type { ClusterRecord } from "../clusters/cluster-store.js";
import { clientException, invalidParameter, serviceNotFound } from "../ecs-errors.js";
import { copy, type EcsState } from "../ecs-state.js";
import { waitUntil } from "../waiters.js";
import type { CreateServiceRequest, Failure, Service, UpdateServiceRequest } from "../ecs-types.js";
import { checkCreateService, deploymentSettings } from "./check-service.js";
import { reconcile } from "./reconcile.js";
import { newDeployment } from "./deployments.js";
import type { ServiceRecord } from "./service-record.js";

/** ECS's service scheduler: keeps each service at its desired count, replaces failed tasks, rolls out new revisions. */
export class ServiceScheduler {
  readonly #state: EcsState;
  readonly #services = new Map<string, ServiceRecord>();
  readonly #timers = new Set<Timer>();
  readonly #listeners = new Set<() => void>();
  #running = true;

  constructor(state: EcsState) {
    this.#state = state;
    state.taskListeners.add((task) => this.#taskChanged(task));
  }

  /** Services of a cluster that are ACTIVE or DRAINING. */
  activeCount(cluster: ClusterRecord): number {
    return [...this.#services.values()].filter((s) => s.cluster === cluster && s.service.status !== "INACTIVE").length;
  }

  /** Instances came, went or changed state: every service of the cluster looks again. */
  clusterChanged(cluster: ClusterRecord): void {
    for (const s of this.#services.values()) if (s.cluster === cluster) this.#kick(s);
  }

  /** Stops scheduling (the session is shutting down). */
  shutdown(): void {
    this.#running = false;
    for (const t of this.#timers) t.cancel();
    this.#timers.clear();
  }

  #find(cluster: ClusterRecord, ref: string): ServiceRecord | undefined {
    const name = typeof ref === "string" && ref.startsWith("arn:") ? ref.slice(ref.lastIndexOf("/") + 1) : ref;
    return [...this.#services.values()].find((s) => s.cluster === cluster && s.service.serviceName === name && s.service.status !== "INACTIVE");
  }

  #taskChanged(task: TaskRecord): void {
    if (!task.task.group?.startsWith("service:")) return;
    const service = this.#find(task.cluster, task.task.group.slice("service:".length));
    if (service) this.#kick(service);
  }

  /** Runs a reconcile soon; one at a time per service, and once more if asked meanwhile. */
  #kick(service: ServiceRecord): void {
    if (!this.#running) return;
    if (service.busy) {
      service.again = true;
      return;
    }
    service.busy = true;
    queueMicrotask(async () => {
      try {
        do {
          service.again = false;
          const wakeAt = await reconcile(this.#state, service);
          if (wakeAt !== undefined && this.#running) {
            const timer = this.#state.clock.setTimer(wakeAt - this.#state.clock.now(), () => {
              this.#timers.delete(timer);
              this.#kick(service);
            });
            this.#timers.add(timer);
          }
          // Let the changes of a burst of tasks pile up, so one pass handles many of them.
          // (A zero sleep on the session's clock: a virtual clock that advances by itself runs it in turn.)
          if (service.again) await this.#state.clock.sleep(0);
        } while (service.again && this.#running);
      } finally {
        service.busy = false;
        for (const listener of [...this.#listeners]) listener();
      }
    });
  }

  /** The service operations, spread into `cloud.ecs`. */
  api() {
    const state = this.#state;
    const get = (cluster: string | undefined, ref: string): ServiceRecord => {
      const found = this.#find(state.clusters.get(cluster), ref);
      if (!found) throw serviceNotFound(ref);
      return found;
    };
    return {
      /** Creates a service that keeps desiredCount tasks of a task definition running (REPLICA) or one per instance (DAEMON). */
      createService: async (request: CreateServiceRequest): Promise<{ service: Service }> => {
        const cluster = state.clusters.get(request?.cluster);
        checkCreateService(request);
        if (this.#find(cluster, request.serviceName ?? "")) throw invalidParameter("Creation of service was not idempotent.", "serviceName");
        const definition = state.taskDefinitions.get(request.taskDefinition ?? "");
        if (definition.status !== "ACTIVE") throw clientException(`TaskDefinition is inactive: ${definition.taskDefinitionArn}.`, "taskDefinition");
        const launchType = request.launchType ?? "EC2";
        if (!definition.compatibilities?.includes(launchType)) throw invalidParameter(`Task definition does not support launch_type ${launchType}.`, "launchType");
        const daemon = request.schedulingStrategy === "DAEMON";
        const settings = deploymentSettings(request.deploymentConfiguration, daemon);
        const now = new Date(state.clock.now());
        const record: ServiceRecord = {
          cluster,
          service: {
            serviceArn: arn("ecs", `service/${cluster.name}/${request.serviceName}`),
            serviceName: request.serviceName,
            clusterArn: cluster.arn,
            status: "ACTIVE",
            desiredCount: daemon ? 0 : request.desiredCount,
            runningCount: 0,
            pendingCount: 0,
            launchType,
            taskDefinition: definition.taskDefinitionArn,
            deploymentConfiguration: {
              minimumHealthyPercent: settings.minimumHealthyPercent,
              maximumPercent: settings.maximumPercent,
              deploymentCircuitBreaker: settings.circuitBreaker,
            },
            deployments: [],
            events: [],
            createdAt: now,
            placementConstraints: request.placementConstraints ?? [],
            // Services spread over availability zones unless told otherwise.
            placementStrategy: request.placementStrategy ?? (launchType === "EC2" && !daemon ? [{ type: "spread", field: "attribute:ecs.availability-zone" }] : []),
            schedulingStrategy: daemon ? "DAEMON" : "REPLICA",
            deploymentController: { type: "ECS" },
            ...(request.networkConfiguration ? { networkConfiguration: request.networkConfiguration } : {}),
            ...(request.healthCheckGracePeriodSeconds !== undefined ? { healthCheckGracePeriodSeconds: request.healthCheckGracePeriodSeconds } : {}),
            createdBy: arn("iam", "root", { region: "" }),
            enableECSManagedTags: false,
            propagateTags: "NONE",
          },
          deployments: [],
          settings,
          lastCompleted: undefined,
          countedFailures: new Set(),
          failuresInARow: 0,
          steady: false,
          busy: false,
          again: false,
          launchNotBefore: 0,
        };
        newDeployment(state, record, definition);
        this.#services.set(record.service.serviceArn ?? "", record);
        this.#kick(record);
        return { service: copy(record.service) };
      },

      /** Changes desiredCount, deployment settings or the task definition (which starts a rolling deployment). */
      updateService: async (request: UpdateServiceRequest): Promise<{ service: Service }> => {
        const record = get(request?.cluster, request?.service ?? "");
        const daemon = record.service.schedulingStrategy === "DAEMON";
        if (request.desiredCount !== undefined) {
          if (daemon) throw invalidParameter("A DAEMON service runs one task on every instance: it has no desiredCount to update.", "desiredCount");
          if (!Number.isInteger(request.desiredCount) || request.desiredCount < 0) throw invalidParameter(`desiredCount must be a whole number of 0 or more; got ${JSON.stringify(request.desiredCount)}.`, "desiredCount");
        }
        const settings = request.deploymentConfiguration ? deploymentSettings({ ...record.service.deploymentConfiguration, ...request.deploymentConfiguration }, daemon) : undefined;
        const definition = request.taskDefinition === undefined ? undefined : state.taskDefinitions.get(request.taskDefinition);
        if (definition && definition.status !== "ACTIVE") throw clientException(`TaskDefinition is inactive: ${definition.taskDefinitionArn}.`, "taskDefinition");
        if (request.desiredCount !== undefined) {
          record.service.desiredCount = request.desiredCount;
          if (record.deployments[0]) record.deployments[0].deployment.desiredCount = request.desiredCount;
        }
        if (settings) {
          record.settings = settings;
          record.service.deploymentConfiguration = { minimumHealthyPercent: settings.minimumHealthyPercent, maximumPercent: settings.maximumPercent, deploymentCircuitBreaker: settings.circuitBreaker };
        }
        if (request.placementStrategy) record.service.placementStrategy = request.placementStrategy;
        if (request.placementConstraints) record.service.placementConstraints = request.placementConstraints;
        const primary = record.deployments[0];
        if ((definition && definition.taskDefinitionArn !== primary?.definition.taskDefinitionArn) || request.forceNewDeployment) {
          newDeployment(state, record, definition ?? (primary?.definition as NonNullable<typeof definition>));
        }
        record.steady = false;
        this.#kick(record);
        return { service: copy(record.service) };
      },

      /** Deletes a service: refused while it still wants tasks, unless `force`; its tasks are then stopped. */
      deleteService: async (request: { cluster?: string; service: string; force?: boolean }): Promise<{ service: Service }> => {
        const record = get(request?.cluster, request?.service);
        if ((record.service.desiredCount ?? 0) > 0 && record.service.schedulingStrategy === "REPLICA" && !request.force) {
          throw invalidParameter("The service cannot be stopped while it is scaled above 0. Update desiredCount to 0 first, or pass force: true.", "service");
        }
        record.service.status = "DRAINING";
        record.service.desiredCount = 0;
        this.#kick(record);
        return { service: copy(record.service) };
      },

      /** Services with their deployments, counts and the last 100 events (newest first). */
      describeServices: async (request: { cluster?: string; services: string[] }): Promise<{ services: Service[]; failures: Failure[] }> => {
        const cluster = state.clusters.get(request?.cluster);
        const services: Service[] = [];
        const failures: Failure[] = [];
        for (const ref of request.services ?? []) {
          const name = ref.startsWith("arn:") ? ref.slice(ref.lastIndexOf("/") + 1) : ref;
          const found = [...this.#services.values()].filter((s) => s.cluster === cluster && s.service.serviceName === name).at(-1);
          if (found) services.push(copy(found.service));
          else failures.push({ arn: ref, reason: "MISSING" });
        }
        return { services, failures };
      },

      /** ARNs of a cluster's ACTIVE and DRAINING services. */
      listServices: async (request: { cluster?: string } = {}): Promise<{ serviceArns: string[] }> => {
        const cluster = state.clusters.get(request.cluster);
        return { serviceArns: [...this.#services.values()].filter((s) => s.cluster === cluster && s.service.status !== "INACTIVE").map((s) => s.service.serviceArn ?? "") };
      },

      /** Waits until each service has one deployment and runningCount = desiredCount, as the SDK's servicesStable waiter. */
      waitUntilServicesStable: (request: { cluster?: string; services: string[] }, timeoutMs = 180_000): Promise<Service[]> => {
        const records = (request?.services ?? []).map((ref) => get(request.cluster, ref));
        const stable = (s: ServiceRecord): boolean => !s.busy && s.deployments.length === 1 && s.service.runningCount === s.service.desiredCount && s.service.pendingCount === 0;
        return waitUntil(state.clock, this.#listeners, timeoutMs, "ServicesStable", () => records.every(stable), () => records.map((r) => copy(r.service)));
      },
    };
  }
}

