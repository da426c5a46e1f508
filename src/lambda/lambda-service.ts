import { randomUUID } from "node:crypto";
import { arn } from "../core/arn.js";
import type { AwsAccess } from "../core/aws-access.js";
import type { Clock } from "../core/clock.js";
import { MinicloudError } from "../core/errors.js";
import type { ContainerEngine } from "../engines/types.js";
import { createAsyncInvoker, type TargetMessage } from "./async/async-invoker.js";
import { validateEventInvokeConfig, type EventInvokeConfig } from "./async/event-invoke-config.js";
import type { MeteredInvocation } from "./billing.js";
import { lambdaBill, type BillOptions, type LambdaBill } from "./bill.js";
import { createConcurrency } from "./concurrency.js";
import { createCodeDeployer } from "./deploy-code.js";
import { createEnvironmentPool } from "./environment-pool.js";
import { createExecutionEnvironment, type ExecutionEnvironment } from "./execution-environment.js";
import { describeFunction, type GetFunctionResponse } from "./function-description.js";
import { validateFunctionName, validateSettings, type CreateFunctionRequest, type FunctionConfiguration } from "./function-config.js";
import { functionArn, FunctionStore, latest, type VersionRecord } from "./function-store.js";
import { holdConsole } from "./inline/inline-console.js";
import { createInlineEnvironment } from "./inline/inline-environment.js";
import { createSimulatedEnvironment } from "./simulated-environment.js";
import { runInvocation, type InvokeResponse } from "./invocation.js";
import { createVersionsApi } from "./versions-api.js";
import { LogStore } from "./logs/log-store.js";
import { logsView, type LogsView } from "./logs/logs-view.js";
import { functionSummary, type FunctionSummary } from "./function-summary.js";
import { LambdaMetrics } from "./metrics.js";
import { requestPayload } from "./payload.js";

export type { InvokeResponse } from "./invocation.js";

/** Invoke's request, in AWS's names. */
export interface InvokeRequest {
  /** A name, `name:qualifier`, or an ARN. */
  FunctionName: string;
  /** JSON as text or bytes; minicloud also takes a plain object and sends its JSON. */
  Payload?: string | Uint8Array | object;
  /** RequestResponse waits for the answer; Event queues the event and answers 202 at once; DryRun only checks. */
  InvocationType?: "RequestResponse" | "Event" | "DryRun";
  /** `Tail` returns the last 4 KB of the invocation's log, base64, in LogResult. */
  LogType?: "None" | "Tail";
  /** A version number, an alias, or $LATEST. */
  Qualifier?: string;
}

/** Options for {@link createLambda}. */
export interface LambdaOptions {
  engine: ContainerEngine;
  clock: Clock;
  /** The account's concurrency limit (AWS's default is 1000; set it low in a lab to see throttling). */
  accountConcurrency?: number;
  /** Multiplies AWS's fixed waits, such as the one- and two-minute retry delays of async invocations (default 1). */
  timeScale?: number;
  /**
   * How long an environment may sit idle before it is shut down (a later invocation then starts cold).
   * AWS does not publish its figure; minutes are typical. Default 10 minutes.
   */
  idleReclaimMs?: number;
  /**
   * Delivers to an SQS queue or SNS topic ARN (an async invocation's destination record, or a failed event
   * for a dead-letter queue); resolves false when there is no such queue or topic. Lambda knows no other
   * service: the session wires this in.
   */
  deliver?: (targetArn: string, message: TargetMessage) => Promise<boolean>;
  /**
   * Where the session's AWS services answer and the execution role's credentials: environments get them
   * as AWS_ENDPOINT_URL and AWS_ACCESS_KEY_ID..., so the SDK in a function reaches them. Absent: no endpoint.
   */
  awsAccess?: () => Promise<AwsAccess>;
}

/**
 * An asynchronous invocation's payload may be at most 256 KB (AWS's limit; the synchronous limit is 6 MB).
 * @see https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
 */
const MAX_ASYNC_PAYLOAD_BYTES = 256 * 1024;

/**
 * minicloud's Lambda: functions with versions and aliases, synchronous and asynchronous invocations on
 * real execution environments (containers on the session's engine, talking to the Runtime API), logs
 * with AWS's START/END/REPORT lines, and a billing meter under the 2019 and the current rules.
 * @see https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 */
export function createLambda(options: LambdaOptions) {
  const { engine, clock } = options;
  const accountConcurrency = options.accountConcurrency ?? 1000;
  const store = new FunctionStore();
  const logs = new LogStore();
  const metered: MeteredInvocation[] = [];
  const metrics = new LambdaMetrics();
  const deployCode = createCodeDeployer(engine);
  const { admit, release } = createConcurrency(metrics, clock, accountConcurrency);
  let releaseConsole: (() => void) | undefined;
  /** A cold start: a container on the session's engine, or, for inline code, the function value in this process. */
  const startEnvironment = async (version: VersionRecord): Promise<ExecutionEnvironment> => {
    const { artifact, config } = version;
    if ("inline" in artifact) {
      releaseConsole ??= holdConsole();
      return createInlineEnvironment({ clock, logs, config, handler: artifact.inline });
    }
    // The simulated engine runs no code: its environments model INIT and run time instead.
    if (engine.name === "simulated") return createSimulatedEnvironment({ engine, clock, config, image: artifact.image, model: store.get(config.FunctionName).simulation });
    const awsAccess = await options.awsAccess?.();
    return createExecutionEnvironment({ engine, clock, logs, config, image: artifact.image, freezeWhenIdle: engine.name === "process", ...(awsAccess ? { awsAccess } : {}) });
  };
  const pool = createEnvironmentPool({ clock, idleReclaimMs: options.idleReclaimMs ?? 600_000, start: startEnvironment });
  const retire = pool.retire;

  /** Runs an admitted invocation in an environment of the version. */
  const invokeVersion = async (version: VersionRecord, payload: string, invokedArn: string, tail: boolean, requestId: string = randomUUID()): Promise<InvokeResponse> => {
    const environment = await pool.claim(version);
    let lost = true;
    try {
      const { response, environmentLost } = await runInvocation({ clock, logs, metered, version, environment, requestId, payload, invokedArn, tail });
      lost = environmentLost;
      const run = metered[metered.length - 1]!;
      metrics.record(version.config.FunctionName, "Invocations", run.timestamp, 1);
      metrics.record(version.config.FunctionName, "Duration", run.timestamp, run.durationMs);
      if (response.FunctionError) metrics.record(version.config.FunctionName, "Errors", run.timestamp, 1);
      return response;
    } finally {
      pool.release(version, environment, lost);
    }
  };

  const asyncInvoker = createAsyncInvoker({
    clock,
    timeScale: options.timeScale ?? 1,
    async attempt(name, payload, requestId) {
      const fn = store.has(name) ? store.get(name) : undefined;
      if (fn === undefined) return { throttled: true };
      try {
        admit(fn);
      } catch {
        return { throttled: true };
      }
      try {
        return { response: await invokeVersion(latest(fn), payload, functionArn(name), false, requestId) };
      } finally {
        release(fn);
      }
    },
    settings(name) {
      const fn = store.has(name) ? store.get(name) : undefined;
      const deadLetterTargetArn = fn && latest(fn).config.DeadLetterConfig?.TargetArn;
      return fn && { config: fn.eventInvokeConfig, functionArn: functionArn(name), ...(deadLetterTargetArn ? { deadLetterTargetArn } : {}) };
    },
    async deliver(target, message) {
      if (!target.startsWith("arn:aws:lambda:")) return (await options.deliver?.(target, message)) ?? false;
      const name = target.split(":")[6] ?? "";
      if (!store.has(name)) return false;
      asyncInvoker.enqueue(name, message.body);
      return true;
    },
  });

  const lambda = {
    /** The log groups of every function, CloudWatch Logs style. */
    logs,
    /** Every invocation, metered under both billing rules. */
    metered,
    /** CloudWatch metrics: Invocations, Errors, Throttles, Duration, ConcurrentExecutions. */
    metrics,
    /** Asynchronous events that failed with nowhere to go (AWS discards them; here you can look). */
    droppedEvents: asyncInvoker.dropped,

    /** Resolves when every asynchronous event has been delivered, retried to the end, or given up. */
    settled: (): Promise<void> => asyncInvoker.settled(),

    /** The bill for every invocation so far, by function, under a billing rule (default today's), from the meter. */
    bill: (options: BillOptions = {}): LambdaBill => lambdaBill(metered, options),

    /** Creates a function (CreateFunction): packages its code into an image its environments run. */
    async createFunction(request: CreateFunctionRequest): Promise<FunctionConfiguration> {
      const name = validateFunctionName(request.FunctionName);
      if (!request.Runtime) throw new MinicloudError("InvalidParameterValueException", "Runtime is required, e.g. nodejs20.x.", { field: "Runtime" });
      if (!request.Handler) throw new MinicloudError("InvalidParameterValueException", "Handler is required, e.g. index.handler.", { field: "Handler" });
      validateSettings(request);
      if (store.has(name)) throw new MinicloudError("ResourceConflictException", `Function already exist: ${name}`, { field: "FunctionName", statusCode: 409 });
      const built = await deployCode(name, request.Code, request.Runtime, request.Handler);
      const config: FunctionConfiguration = {
        FunctionName: name,
        FunctionArn: functionArn(name),
        Runtime: request.Runtime,
        Role: request.Role ?? arn("iam", "role/lambda-role", { region: "" }),
        Handler: request.Handler,
        CodeSize: built.codeSize,
        Description: request.Description ?? "",
        Timeout: request.Timeout ?? 3,
        MemorySize: request.MemorySize ?? 128,
        LastModified: new Date(clock.now()).toISOString().replace("Z", "+0000"),
        CodeSha256: built.codeSha256,
        Version: "$LATEST",
        Environment: { Variables: { ...request.Environment?.Variables } },
        State: "Active",
        LastUpdateStatus: "Successful",
        PackageType: "Zip",
        Architectures: ["x86_64"],
        ...(request.DeadLetterConfig?.TargetArn ? { DeadLetterConfig: { TargetArn: request.DeadLetterConfig.TargetArn } } : {}),
      };
      store.add({ name, versions: new Map([["$LATEST", { config, artifact: built.artifact, environments: [] }]]), aliases: new Map(), lastPublished: 0, inFlight: 0, eventInvokeConfig: {}, simulation: { ...request.Simulation } });
      return structuredClone(config);
    },

    /** GetFunctionConfiguration (of $LATEST, a version, or an alias's version). */
    async getFunctionConfiguration(request: { FunctionName: string; Qualifier?: string }): Promise<FunctionConfiguration> {
      return structuredClone(store.resolve(request.FunctionName, request.Qualifier).version.config);
    },

    /** A function's configuration with its last invocations, as a notebook shows it (the console's function page). */
    summary(request: { FunctionName: string; Qualifier?: string }, limit = 10): FunctionSummary {
      const { fn, version } = store.resolve(request.FunctionName, request.Qualifier);
      const recent = metered.filter((m) => m.functionName === fn.name).slice(-limit);
      return functionSummary(structuredClone(version.config), recent, { reservedConcurrency: fn.reservedConcurrency, environments: version.environments.length });
    },

    /** The function's last log events across its streams, REPORT lines highlighted (CloudWatch Logs, `/aws/lambda/<name>`). */
    logsView(request: { FunctionName: string; limit?: number }): LogsView {
      return logsView(logs, store.get(request.FunctionName).name, request.limit ?? 50);
    },

    /** ListFunctions ($LATEST of each). */
    async listFunctions(): Promise<{ Functions: FunctionConfiguration[] }> {
      return { Functions: store.all().map((f) => structuredClone(latest(f).config)) };
    },

    /** GetFunction: the configuration, where the code is, reserved concurrency, and minicloud's isolation mode. */
    async getFunction(request: { FunctionName: string; Qualifier?: string }): Promise<GetFunctionResponse> {
      const { fn, version } = store.resolve(request.FunctionName, request.Qualifier);
      return describeFunction(fn, version);
    },

    ...createVersionsApi({ store, clock, deployCode, retire }),

    /** PutFunctionConcurrency: reserves (and caps) a function's concurrency; 0 stops it from running. */
    async putFunctionConcurrency(request: { FunctionName: string; ReservedConcurrentExecutions: number }): Promise<{ ReservedConcurrentExecutions: number }> {
      const fn = store.get(request.FunctionName);
      const n = request.ReservedConcurrentExecutions;
      if (!Number.isInteger(n) || n < 0 || n > accountConcurrency) {
        throw new MinicloudError("InvalidParameterValueException", `ReservedConcurrentExecutions must be a whole number from 0 to the account limit (${accountConcurrency}); got ${n}.`, {
          field: "ReservedConcurrentExecutions",
        });
      }
      fn.reservedConcurrency = n;
      return { ReservedConcurrentExecutions: n };
    },

    /** PutFunctionEventInvokeConfig: retries, maximum event age and destinations of asynchronous invocations. */
    async putFunctionEventInvokeConfig(request: { FunctionName: string } & EventInvokeConfig): Promise<EventInvokeConfig & { FunctionArn: string }> {
      const fn = store.get(request.FunctionName);
      const { FunctionName: _name, ...config } = request;
      validateEventInvokeConfig(config);
      fn.eventInvokeConfig = config;
      return { FunctionArn: functionArn(fn.name), ...config };
    },

    /** DeleteFunction: every version's environments are shut down. */
    async deleteFunction(request: { FunctionName: string }): Promise<void> {
      const fn = store.get(request.FunctionName);
      store.delete(fn.name);
      await Promise.all([...fn.versions.values()].map(retire));
    },

    /** Invoke: RequestResponse (wait for the answer), Event (queue it, 202), or DryRun (only check). */
    async invoke(request: InvokeRequest): Promise<InvokeResponse> {
      // A plain name (or name:qualifier) must be a valid name; an ARN is taken apart by the store.
      if (typeof request.FunctionName !== "string" || !request.FunctionName.startsWith("arn:")) validateFunctionName(String(request.FunctionName).split(":")[0]);
      const { fn, version, invokedArn } = store.resolve(request.FunctionName, request.Qualifier);
      const payload = requestPayload(request.Payload);
      const type = request.InvocationType ?? "RequestResponse";
      if (type === "DryRun") return { StatusCode: 204 };
      if (type === "Event") {
        if (Buffer.byteLength(payload) > MAX_ASYNC_PAYLOAD_BYTES) {
          throw new MinicloudError("RequestEntityTooLargeException", `Request must be smaller than ${MAX_ASYNC_PAYLOAD_BYTES} bytes for an asynchronous invocation`, {
            field: "Payload",
            statusCode: 413,
          });
        }
        asyncInvoker.enqueue(fn.name, payload);
        return { StatusCode: 202 };
      }
      if (type !== "RequestResponse") {
        throw new MinicloudError("InvalidParameterValueException", `InvocationType must be RequestResponse, Event or DryRun; got ${type}.`, { field: "InvocationType" });
      }
      admit(fn);
      try {
        return await invokeVersion(version, payload, invokedArn, request.LogType === "Tail");
      } finally {
        release(fn);
      }
    },

    /** Shuts down every environment of every function; queued asynchronous events are dropped with the session. */
    async shutdown(): Promise<void> {
      asyncInvoker.stop();
      pool.stop();
      await Promise.all(store.all().flatMap((f) => [...f.versions.values()].map(retire)));
      for (const f of store.all()) store.delete(f.name);
      releaseConsole?.();
      releaseConsole = undefined;
    },
  };
  return lambda;
}

/** minicloud's Lambda service (see {@link createLambda}). */
export type Lambda = ReturnType<typeof createLambda>;
