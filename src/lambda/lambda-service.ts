import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { arn } from "../core/arn.js";
import type { Clock } from "../core/clock.js";
import { MinicloudError } from "../core/errors.js";
import { ensureBaseImage } from "../engines/base-image.js";
import type { ContainerEngine } from "../engines/types.js";
import { meter, type MeteredInvocation } from "./billing.js";
import { packageCode } from "./code-package.js";
import { createExecutionEnvironment, type ExecutionEnvironment } from "./execution-environment.js";
import { validateFunctionName, validateSettings, type CreateFunctionRequest, type FunctionConfiguration } from "./function-config.js";
import { LogStore } from "./logs/log-store.js";
import { endLine, reportLine, startLine } from "./logs/platform-lines.js";
import { payloadBlob, requestPayload, type PayloadBlob } from "./payload.js";
import { createAsyncInvoker } from "./async/async-invoker.js";
import { validateEventInvokeConfig, type EventInvokeConfig } from "./async/event-invoke-config.js";

/**
 * An asynchronous invocation's payload may be at most 256 KB (AWS's limit; the synchronous limit is 6 MB).
 * @see https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
 */
const MAX_ASYNC_PAYLOAD_BYTES = 256 * 1024;

/** Invoke's request, in AWS's names. */
export interface InvokeRequest {
  FunctionName: string;
  /** JSON as text or bytes; minicloud also takes a plain object and sends its JSON. */
  Payload?: string | Uint8Array | object;
  /** RequestResponse waits for the answer; Event queues the event and answers 202 at once; DryRun only checks. */
  InvocationType?: "RequestResponse" | "Event" | "DryRun";
  /** `Tail` returns the last 4 KB of the invocation's log, base64, in LogResult. */
  LogType?: "None" | "Tail";
  Qualifier?: string;
}

/** Invoke's response, in AWS's names. */
export interface InvokeResponse {
  StatusCode: number;
  Payload?: PayloadBlob;
  /** "Unhandled" when the function failed; the Payload then holds errorType and errorMessage. */
  FunctionError?: "Unhandled";
  ExecutedVersion?: string;
  LogResult?: string;
}

/** Options for {@link createLambda}. */
export interface LambdaOptions {
  engine: ContainerEngine;
  clock: Clock;
  /** The account's concurrency limit (AWS's default is 1000; set it low in a lab to see throttling). */
  accountConcurrency?: number;
  /** Multiplies AWS's fixed waits, such as the one- and two-minute retry delays of async invocations (default 1). */
  timeScale?: number;
}

interface FunctionRecord {
  config: FunctionConfiguration;
  image: string;
  environments: ExecutionEnvironment[];
  reservedConcurrency?: number;
  /** Invocations running now: Lambda's concurrency. */
  inFlight: number;
  eventInvokeConfig: EventInvokeConfig;
}

const LOG_TAIL_BYTES = 4096;

/**
 * minicloud's Lambda: functions, synchronous invocations on real execution environments (containers
 * on the session's engine, talking to the Runtime API), logs with AWS's START/END/REPORT lines, and a
 * billing meter under both the 2019 and the current rules.
 * @see https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 */
export function createLambda(options: LambdaOptions) {
  const { engine, clock } = options;
  const accountConcurrency = options.accountConcurrency ?? 1000;
  const functions = new Map<string, FunctionRecord>();
  const logs = new LogStore();
  const metered: MeteredInvocation[] = [];
  let baseImageReady: Promise<unknown> | undefined;

  const notFound = (name: string): MinicloudError =>
    new MinicloudError("ResourceNotFoundException", `Function not found: ${arn("lambda", `function:${name}`)}`, { field: "FunctionName", statusCode: 404 });

  const record = (name: string): FunctionRecord => {
    const found = functions.get(name.startsWith("arn:") ? (name.split(":")[6] ?? name) : name);
    if (!found) throw notFound(name);
    return found;
  };

  const concurrency = (): number => [...functions.values()].reduce((n, f) => n + f.inFlight, 0);

  /** Takes a unit of concurrency for an invocation, or throttles it as Lambda does (429). */
  const admit = (fn: FunctionRecord): void => {
    if (fn.reservedConcurrency !== undefined && fn.inFlight >= fn.reservedConcurrency) {
      throw new MinicloudError("TooManyRequestsException", "Rate Exceeded.", { statusCode: 429, field: "ReservedFunctionConcurrentInvocationLimitExceeded" });
    }
    if (concurrency() >= accountConcurrency) {
      throw new MinicloudError("TooManyRequestsException", "Rate Exceeded.", { statusCode: 429, field: "ConcurrentInvocationLimitExceeded" });
    }
    fn.inFlight++;
  };

  /** A warm environment is reused (no INIT; module state and /tmp as the last invocation left them); else a new one starts cold. */
  // Claimed synchronously, so two invocations arriving together never get the same environment.
  const claimed = new Set<ExecutionEnvironment>();
  const environmentFor = async (fn: FunctionRecord): Promise<ExecutionEnvironment> => {
    const idle = fn.environments.find((e) => e.state === "idle" && !claimed.has(e));
    if (idle) {
      claimed.add(idle);
      return idle;
    }
    const environment = await createExecutionEnvironment({ engine, clock, logs, config: fn.config, image: fn.image });
    claimed.add(environment);
    fn.environments.push(environment);
    return environment;
  };

  const asyncInvoker = createAsyncInvoker({
    clock,
    timeScale: options.timeScale ?? 1,
    async attempt(name, payload, requestId) {
      const fn = functions.get(name);
      if (fn === undefined) return { throttled: true };
      try {
        admit(fn);
      } catch {
        return { throttled: true };
      }
      try {
        return { response: await invokeAdmitted(fn, payload, "None", requestId) };
      } finally {
        fn.inFlight--;
      }
    },
    settings(name) {
      const fn = functions.get(name);
      return fn && { config: fn.eventInvokeConfig, functionArn: fn.config.FunctionArn };
    },
    deliver(destination, record) {
      const target = functions.get(destination.split(":")[6] ?? "");
      if (target) asyncInvoker.enqueue(target.config.FunctionName, JSON.stringify(record));
    },
  });

  const lambda = {
    /** The log groups of every function, CloudWatch Logs style. */
    logs,
    /** Asynchronous events that failed with nowhere to go (AWS discards them; here you can look). */
    droppedEvents: asyncInvoker.dropped,

    /** Resolves when every asynchronous event has been delivered, retried to the end, or given up. */
    settled: (): Promise<void> => asyncInvoker.settled(),

    /** PutFunctionEventInvokeConfig: retries, maximum event age and destinations of asynchronous invocations. */
    async putFunctionEventInvokeConfig(request: { FunctionName: string } & EventInvokeConfig): Promise<EventInvokeConfig & { FunctionArn: string }> {
      const fn = record(request.FunctionName);
      const { FunctionName: _name, ...config } = request;
      validateEventInvokeConfig(config);
      fn.eventInvokeConfig = config;
      return { FunctionArn: fn.config.FunctionArn, ...config };
    },
    /** Every invocation, metered under both billing rules. */
    metered,

    /** Creates a function (CreateFunction): packages its code into an image its environments run. */
    async createFunction(request: CreateFunctionRequest): Promise<FunctionConfiguration> {
      const name = validateFunctionName(request.FunctionName);
      if (!request.Runtime) throw new MinicloudError("InvalidParameterValueException", "Runtime is required, e.g. nodejs20.x.", { field: "Runtime" });
      if (!request.Handler) throw new MinicloudError("InvalidParameterValueException", "Handler is required, e.g. index.handler.", { field: "Handler" });
      validateSettings(request);
      if (functions.has(name)) {
        throw new MinicloudError("ResourceConflictException", `Function already exist: ${name}`, { field: "FunctionName", statusCode: 409 });
      }
      const code = packageCode(request.Code, request.Runtime, request.Handler);
      try {
        baseImageReady ??= ensureBaseImage(engine);
        await baseImageReady;
        const image = `minicloud-lambda/${name.toLowerCase()}:${Buffer.from(code.codeSha256, "base64").toString("hex").slice(0, 12)}`;
        await engine.buildImage({ context: code.context, tag: image, labels: { "minicloud.lambda.function": name } });
        const config: FunctionConfiguration = {
          FunctionName: name,
          FunctionArn: arn("lambda", `function:${name}`),
          Runtime: request.Runtime,
          Role: request.Role ?? arn("iam", "role/lambda-role", { region: "" }),
          Handler: request.Handler,
          CodeSize: code.codeSize,
          Description: request.Description ?? "",
          Timeout: request.Timeout ?? 3,
          MemorySize: request.MemorySize ?? 128,
          LastModified: new Date(clock.now()).toISOString().replace("Z", "+0000"),
          CodeSha256: code.codeSha256,
          Version: "$LATEST",
          Environment: { Variables: { ...request.Environment?.Variables } },
          State: "Active",
          LastUpdateStatus: "Successful",
          PackageType: "Zip",
          Architectures: ["x86_64"],
        };
        functions.set(name, { config, image, environments: [], inFlight: 0, eventInvokeConfig: {} });
        return structuredClone(config);
      } finally {
        rmSync(code.context, { recursive: true, force: true });
      }
    },

    /** GetFunctionConfiguration. */
    async getFunctionConfiguration(request: { FunctionName: string }): Promise<FunctionConfiguration> {
      return structuredClone(record(request.FunctionName).config);
    },

    /** ListFunctions. */
    async listFunctions(): Promise<{ Functions: FunctionConfiguration[] }> {
      return { Functions: [...functions.values()].map((f) => structuredClone(f.config)) };
    },

    /** PutFunctionConcurrency: reserves (and caps) a function's concurrency; 0 stops it from running. */
    async putFunctionConcurrency(request: { FunctionName: string; ReservedConcurrentExecutions: number }): Promise<{ ReservedConcurrentExecutions: number }> {
      const fn = record(request.FunctionName);
      const n = request.ReservedConcurrentExecutions;
      if (!Number.isInteger(n) || n < 0 || n > accountConcurrency) {
        throw new MinicloudError("InvalidParameterValueException", `ReservedConcurrentExecutions must be a whole number from 0 to the account limit (${accountConcurrency}); got ${n}.`, {
          field: "ReservedConcurrentExecutions",
        });
      }
      fn.reservedConcurrency = n;
      return { ReservedConcurrentExecutions: n };
    },

    /** DeleteFunction: its environments are shut down. */
    async deleteFunction(request: { FunctionName: string }): Promise<void> {
      const fn = record(request.FunctionName);
      functions.delete(fn.config.FunctionName);
      await Promise.all(fn.environments.map((e) => e.shutdown()));
    },

    /** Invoke (RequestResponse or DryRun): runs the function in a warm environment, or a new one (a cold start). */
    async invoke(request: InvokeRequest): Promise<InvokeResponse> {
      const fn = record(validateFunctionNameOrArn(request.FunctionName));
      const payload = requestPayload(request.Payload);
      if (request.InvocationType === "DryRun") return { StatusCode: 204 };
      if (request.InvocationType === "Event") {
        if (Buffer.byteLength(payload) > MAX_ASYNC_PAYLOAD_BYTES) {
          throw new MinicloudError("RequestEntityTooLargeException", `Request must be smaller than ${MAX_ASYNC_PAYLOAD_BYTES} bytes for an asynchronous invocation`, {
            field: "Payload",
            statusCode: 413,
          });
        }
        asyncInvoker.enqueue(fn.config.FunctionName, payload);
        return { StatusCode: 202 };
      }
      if (request.InvocationType !== undefined && request.InvocationType !== "RequestResponse") {
        throw new MinicloudError("InvalidParameterValueException", `InvocationType must be RequestResponse, Event or DryRun; got ${request.InvocationType}.`, { field: "InvocationType" });
      }
      admit(fn);
      try {
        return await invokeAdmitted(fn, payload, request.LogType);
      } finally {
        fn.inFlight--;
      }
    },

    /** Shuts down every environment of every function; queued asynchronous events are dropped with the session. */
    async shutdown(): Promise<void> {
      asyncInvoker.stop();
      await Promise.all([...functions.values()].flatMap((f) => f.environments.map((e) => e.shutdown())));
      functions.clear();
    },
  };

  async function invokeAdmitted(fn: FunctionRecord, payload: string, logType: InvokeRequest["LogType"], requestId: string = randomUUID()): Promise<InvokeResponse> {
      const environment = await environmentFor(fn);
      const group = `/aws/lambda/${fn.config.FunctionName}`;
      const started = clock.now();
      const lines: string[] = [];
      const unsubscribe = logs.subscribe((g, s, event) => {
        if (g === group && s === environment.logStreamName) lines.push(event.message);
      });
      logs.put(group, environment.logStreamName, started, startLine(requestId, fn.config.Version));
      const result = await environment.invoke(requestId, payload, fn.config.FunctionArn).finally(() => claimed.delete(environment));
      const metering = meter({
        functionName: fn.config.FunctionName,
        requestId,
        timestamp: started,
        durationMs: result.durationMs,
        ...(result.initDurationMs !== undefined ? { initDurationMs: result.initDurationMs } : {}),
        memorySizeMB: fn.config.MemorySize,
      });
      metered.push(metering);
      logs.put(group, environment.logStreamName, clock.now(), endLine(requestId));
      logs.put(
        group,
        environment.logStreamName,
        clock.now(),
        reportLine({
          requestId,
          durationMs: result.durationMs,
          billedDurationMs: metering.billedDurationMs.current,
          memorySizeMB: fn.config.MemorySize,
          maxMemoryUsedMB: result.maxMemoryUsedMB,
          ...(result.initDurationMs !== undefined ? { initDurationMs: result.initDurationMs } : {}),
        }),
      );
      unsubscribe();
      if (result.environmentLost) fn.environments = fn.environments.filter((e) => e !== environment);
      const response: InvokeResponse = { StatusCode: 200, ExecutedVersion: fn.config.Version };
      if (result.outcome.kind === "response") {
        response.Payload = payloadBlob(result.outcome.body);
      } else {
        response.FunctionError = "Unhandled";
        const { errorType, errorMessage, trace } = result.outcome.error;
        response.Payload = payloadBlob(JSON.stringify({ errorType, errorMessage, ...(trace ? { trace } : {}) }));
      }
      if (logType === "Tail") {
        const text = Buffer.from(lines.map((l) => `${l}\n`).join(""));
        response.LogResult = text.subarray(Math.max(0, text.length - LOG_TAIL_BYTES)).toString("base64");
      }
      return response;
  }
  return lambda;
}

function validateFunctionNameOrArn(name: string): string {
  return name.startsWith("arn:") ? name : validateFunctionName(name);
}

/** minicloud's Lambda service (see {@link createLambda}). */
export type Lambda = ReturnType<typeof createLambda>;
