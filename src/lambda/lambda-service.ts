import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { arn } from "../core/arn.js";
import type { Clock } from "../core/clock.js";
import { MinicloudError } from "../core/errors.js";
import { ensureBaseImage } from "../engines/base-image.js";
import type { ContainerEngine } from "../engines/types.js";
import { createAsyncInvoker } from "./async/async-invoker.js";
import { validateEventInvokeConfig, type EventInvokeConfig } from "./async/event-invoke-config.js";
import type { MeteredInvocation } from "./billing.js";
import { lambdaBill, type BillOptions, type LambdaBill } from "./bill.js";
import { packageCode } from "./code-package.js";
import { createExecutionEnvironment, type ExecutionEnvironment } from "./execution-environment.js";
import { validateFunctionName, validateSettings, type CreateFunctionRequest, type FunctionCode, type FunctionConfiguration } from "./function-config.js";
import { functionArn, FunctionStore, latest, type FunctionRecord, type VersionRecord } from "./function-store.js";
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
  let baseImageReady: Promise<unknown> | undefined;

  /** Packages code into the image a version's environments run. */
  const buildImage = async (name: string, code: FunctionCode, runtime: FunctionConfiguration["Runtime"], handler: string) => {
    const packaged = packageCode(code, runtime, handler);
    try {
      baseImageReady ??= ensureBaseImage(engine);
      await baseImageReady;
      const image = `minicloud-lambda/${name.toLowerCase()}:${Buffer.from(packaged.codeSha256, "base64").toString("hex").slice(0, 12)}`;
      await engine.buildImage({ context: packaged.context, tag: image, labels: { "minicloud.lambda.function": name } });
      return { image, codeSha256: packaged.codeSha256, codeSize: packaged.codeSize };
    } finally {
      rmSync(packaged.context, { recursive: true, force: true });
    }
  };

  const retire = async (version: VersionRecord): Promise<void> => {
    const old = version.environments.splice(0);
    await Promise.all(old.map((e) => e.shutdown()));
  };

  const concurrency = (): number => store.all().reduce((n, f) => n + f.inFlight, 0);

  /** Takes a unit of concurrency for an invocation, or throttles it as Lambda does (429). */
  const admit = (fn: FunctionRecord): void => {
    const throttle = (reason: string): MinicloudError => {
      metrics.record(fn.name, "Throttles", clock.now(), 1);
      return new MinicloudError("TooManyRequestsException", "Rate Exceeded.", { statusCode: 429, field: reason });
    };
    if (fn.reservedConcurrency !== undefined && fn.inFlight >= fn.reservedConcurrency) throw throttle("ReservedFunctionConcurrentInvocationLimitExceeded");
    if (concurrency() >= accountConcurrency) throw throttle("ConcurrentInvocationLimitExceeded");
    fn.inFlight++;
    metrics.record(fn.name, "ConcurrentExecutions", clock.now(), fn.inFlight);
  };
  /** Gives back the unit of concurrency an invocation took. */
  const release = (fn: FunctionRecord): void => {
    fn.inFlight--;
    metrics.record(fn.name, "ConcurrentExecutions", clock.now(), fn.inFlight);
  };

  // Claimed synchronously, so two invocations arriving together never get the same environment.
  const claimed = new Set<ExecutionEnvironment>();
  const reclaimTimers = new Map<ExecutionEnvironment, { cancel(): void }>();
  const idleReclaimMs = options.idleReclaimMs ?? 600_000;
  /** An environment left idle long enough is shut down (SHUTDOWN), as Lambda reclaims idle environments. */
  const scheduleReclaim = (version: VersionRecord, environment: ExecutionEnvironment): void => {
    reclaimTimers.get(environment)?.cancel();
    reclaimTimers.set(
      environment,
      clock.setTimer(idleReclaimMs, () => {
        reclaimTimers.delete(environment);
        if (environment.state !== "idle" || claimed.has(environment)) return;
        version.environments = version.environments.filter((e) => e !== environment);
        void environment.shutdown();
      }),
    );
  };
  /** A warm environment is reused (no INIT; module state and /tmp as the last invocation left them); else a new one starts cold. */
  const environmentFor = async (version: VersionRecord): Promise<ExecutionEnvironment> => {
    const idle = version.environments.find((e) => e.state === "idle" && !claimed.has(e));
    if (idle) {
      claimed.add(idle);
      reclaimTimers.get(idle)?.cancel();
      reclaimTimers.delete(idle);
      return idle;
    }
    const environment = await createExecutionEnvironment({ engine, clock, logs, config: version.config, image: version.image });
    claimed.add(environment);
    version.environments.push(environment);
    return environment;
  };

  /** Runs an admitted invocation in an environment of the version. */
  const invokeVersion = async (version: VersionRecord, payload: string, invokedArn: string, tail: boolean, requestId: string = randomUUID()): Promise<InvokeResponse> => {
    const environment = await environmentFor(version);
    try {
      const { response, environmentLost } = await runInvocation({ clock, logs, metered, version, environment, requestId, payload, invokedArn, tail });
      const run = metered[metered.length - 1]!;
      metrics.record(version.config.FunctionName, "Invocations", run.timestamp, 1);
      metrics.record(version.config.FunctionName, "Duration", run.timestamp, run.durationMs);
      if (response.FunctionError) metrics.record(version.config.FunctionName, "Errors", run.timestamp, 1);
      if (environmentLost) version.environments = version.environments.filter((e) => e !== environment);
      else scheduleReclaim(version, environment);
      return response;
    } finally {
      claimed.delete(environment);
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
      return fn && { config: fn.eventInvokeConfig, functionArn: functionArn(name) };
    },
    deliver(destination, record) {
      const name = destination.split(":")[6] ?? "";
      if (store.has(name)) asyncInvoker.enqueue(name, JSON.stringify(record));
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
      const built = await buildImage(name, request.Code, request.Runtime, request.Handler);
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
      };
      store.add({ name, versions: new Map([["$LATEST", { config, image: built.image, environments: [] }]]), aliases: new Map(), lastPublished: 0, inFlight: 0, eventInvokeConfig: {} });
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

    ...createVersionsApi({ store, clock, buildImage, retire }),

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
      for (const timer of reclaimTimers.values()) timer.cancel();
      reclaimTimers.clear();
      await Promise.all(store.all().flatMap((f) => [...f.versions.values()].map(retire)));
      for (const f of store.all()) store.delete(f.name);
    },
  };
  return lambda;
}

/** minicloud's Lambda service (see {@link createLambda}). */
export type Lambda = ReturnType<typeof createLambda>;
