import { randomBytes, randomUUID } from "node:crypto";
import type { Clock } from "../core/clock.js";
import { region } from "../core/arn.js";
import { credentialVariables, endpointVariables, type AwsAccess } from "../core/aws-access.js";
import type { ContainerEngine } from "../engines/types.js";
import type { FunctionConfiguration } from "./function-config.js";
import type { LogStore } from "./logs/log-store.js";
import { logStreamName, timedOutError, type EnvironmentState, type ExecutionEnvironment } from "./environment-types.js";
import { startRuntimeApi, type InvocationOutcome, type RuntimeApi, type RuntimeErrorShape } from "./runtime-api/runtime-api-server.js";
import { bundledSdkFolder, RUNTIME_NODE_PATH, SDK_MOUNT_TARGET } from "./runtimes/bundled-sdk.js";

export type { EnvironmentInvocation, EnvironmentState, ExecutionEnvironment } from "./environment-types.js";

/** Options for {@link createExecutionEnvironment}. */
export interface EnvironmentOptions {
  engine: ContainerEngine;
  clock: Clock;
  logs: LogStore;
  config: FunctionConfiguration;
  /** The image holding the function's code and runtime. */
  image: string;
  /**
   * Freeze the container between invocations, as Lambda freezes an idle execution environment: its
   * timers and background work stand still until the next invocation. Worth it where freezing is a
   * signal (the process engine); Docker's pause and unpause cost ~15 ms each, more than a warm invocation.
   */
  freezeWhenIdle?: boolean;
  /** The session's AWS endpoint and the execution role's credentials, for the SDK in the function. */
  awsAccess?: AwsAccess;
}

const MB = 1024 * 1024;
/** On-demand INIT may take at most 10 s (AWS: the init phase is limited to 10 seconds). */
const INIT_LIMIT_MS = 10_000;

/**
 * Starts an execution environment: its container, its Runtime API, its log stream. INIT runs until
 * the runtime first asks for work; the first invocation waits for it and reports its duration.
 */
export async function createExecutionEnvironment(options: EnvironmentOptions): Promise<ExecutionEnvironment> {
  const { engine, clock, logs, config } = options;
  const id = randomBytes(16).toString("hex");
  const stream = logStreamName(clock, config.Version, id);
  const group = `/aws/lambda/${config.FunctionName}`;
  // The runtime waits in invocation/next between invocations: that is when an idle environment is frozen.
  const api: RuntimeApi = await startRuntimeApi(await engine.hostAddress(), { onWaiting: () => freezeIfIdle() });
  const nodejs = config.Runtime.startsWith("nodejs");
  const variables: Record<string, string> = {
    // Lambda sets NODE_PATH (a function may change it) so that the bundled SDK is found, as on AWS.
    ...(nodejs ? { NODE_PATH: RUNTIME_NODE_PATH } : {}),
    ...(options.awsAccess ? endpointVariables(options.awsAccess) : {}),
    ...config.Environment.Variables,
    AWS_LAMBDA_RUNTIME_API: api.endpoint,
    AWS_LAMBDA_FUNCTION_NAME: config.FunctionName,
    AWS_LAMBDA_FUNCTION_VERSION: config.Version,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(config.MemorySize),
    AWS_LAMBDA_LOG_GROUP_NAME: group,
    AWS_LAMBDA_LOG_STREAM_NAME: stream,
    AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
    AWS_REGION: region(),
    AWS_DEFAULT_REGION: region(),
    AWS_EXECUTION_ENV: `AWS_Lambda_${config.Runtime}`,
    _HANDLER: config.Handler,
    LAMBDA_TASK_ROOT: "/var/task",
    LAMBDA_RUNTIME_DIR: "/var/runtime",
    TZ: ":UTC",
    ...(options.awsAccess ? credentialVariables(options.awsAccess) : {}),
  };
  const container = await engine
    .createContainer({
      image: options.image,
      env: variables,
      memoryMiB: config.MemorySize,
      // The SDK is mounted, not copied into every function's image: images stay small and quick to build.
      ...(nodejs ? { mounts: [{ source: bundledSdkFolder(), target: SDK_MOUNT_TARGET, readOnly: true }] } : {}),
      labels: { "minicloud.lambda.function": config.FunctionName, "minicloud.lambda.environment": id },
    })
    .catch(async (error: unknown) => {
      await api.close();
      throw error;
    });
  let state = "initializing" as EnvironmentState;
  let lastUsed = clock.now();
  let maxMemoryBytes = 0;
  let frozen = false;
  const freezeIfIdle = (): void => {
    if (!options.freezeWhenIdle || frozen || state !== "idle" || !api.waiting) return;
    frozen = true;
    void engine.pauseContainer(container.id).catch(() => undefined);
  };
  const thaw = async (): Promise<void> => {
    if (!frozen) return;
    frozen = false;
    await engine.unpauseContainer(container.id).catch(() => undefined);
  };
  const initStarted = clock.now();
  try {
    await engine.startContainer(container.id);
  } catch (error) {
    // An environment that could not start leaves no server or container behind.
    await engine.removeContainer(container.id, { force: true }).catch(() => undefined);
    await api.close();
    throw error;
  }
  const exited = engine.waitContainer(container.id);

  // Everything the runtime prints goes to the environment's log stream; multi-line messages arrive
  // with \r for \n (as the runtime client writes them) and are one event each.
  let logBytesSeen = 0;
  let logWaiter: { bytes: number; resolve: () => void } | undefined;
  void (async () => {
    for await (const line of engine.followLogs(container.id)) {
      logs.put(group, stream, line.time, line.text.replace(/\r/g, "\n"));
      logBytesSeen += Buffer.byteLength(line.text) + 1;
      if (logWaiter && logBytesSeen >= logWaiter.bytes) logWaiter.resolve();
    }
  })().catch(() => undefined);
  /** Resolves once the log stream has received `bytes` (or after a short while, for runtimes that do not say). */
  const logsCaughtUp = (bytes: number | undefined): Promise<void> => {
    if (bytes !== undefined && logBytesSeen >= bytes) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, bytes === undefined ? (engine.name === "docker" ? 30 : 2) : 500);
      if (bytes !== undefined) logWaiter = { bytes, resolve: () => (clearTimeout(timer), (logWaiter = undefined), resolve()) };
    });
  };
  // Max Memory Used is the environment's high-water mark, as the kernel keeps it (cgroup, VmHWM).
  const measureMemory = async (): Promise<void> => {
    maxMemoryBytes = Math.max(maxMemoryBytes, await engine.peakMemoryBytes(container.id).catch(() => 0));
  };

  type Init = { ok: true; ms: number } | { ok: false; error: RuntimeErrorShape; ms: number };
  let initLimit: { cancel(): void } | undefined;
  const init: Promise<Init> = Promise.race([
    api.ready.then(
      (): Init => ({ ok: true, ms: clock.now() - initStarted }),
      (e: { runtimeError?: RuntimeErrorShape }): Init => ({
        ok: false,
        ms: clock.now() - initStarted,
        error: e.runtimeError ?? { errorType: "Runtime.Unknown", errorMessage: String(e) },
      }),
    ),
    exited.then(
      (exit): Init => ({
        ok: false,
        ms: clock.now() - initStarted,
        error: { errorType: "Runtime.ExitError", errorMessage: `Runtime exited with error: ${exit.oomKilled ? "signal: killed" : `exit status ${exit.exitCode}`}` },
      }),
    ),
    new Promise<Init>((resolve) => {
      initLimit = clock.setTimer(INIT_LIMIT_MS, () => resolve({ ok: false, ms: INIT_LIMIT_MS, error: { errorType: "Runtime.InitTimeout", errorMessage: `INIT took longer than ${INIT_LIMIT_MS / 1000} seconds` } }));
    }),
  ]);
  void init.then(() => initLimit?.cancel());
  let initReported = false;

  const shutdown = async (): Promise<void> => {
    if (state === "shut down") return;
    state = "shut down";
    await engine.removeContainer(container.id, { force: true }).catch(() => undefined);
    await api.close();
  };

  const memoryMB = (): number => Math.max(1, Math.ceil(maxMemoryBytes / MB));

  return {
    id,
    logStreamName: stream,
    isolation: "container",
    get state() {
      return state;
    },
    get lastUsed() {
      return lastUsed;
    },
    async invoke(requestId, payload, invokedFunctionArn) {
      const initResult = await init;
      const initDurationMs = initReported ? undefined : initResult.ms;
      initReported = true;
      if (!initResult.ok) {
        await measureMemory();
        await shutdown();
        return { outcome: { kind: "error", error: initResult.error }, durationMs: 0, ...(initDurationMs !== undefined ? { initDurationMs } : {}), maxMemoryUsedMB: memoryMB(), environmentLost: true };
      }
      state = "busy";
      await thaw();
      const timeoutMs = config.Timeout * 1000;
      const started = clock.now();
      let timer: { cancel(): void } | undefined;
      const timedOut = new Promise<"timeout">((resolve) => (timer = clock.setTimer(timeoutMs, () => resolve("timeout"))));
      // The trace id's random part comes from randomUUID's cached pool (randomBytes is a system call each time).
      const result = await Promise.race([
        api.invoke({ requestId, payload, deadlineMs: Date.now() + timeoutMs, invokedFunctionArn, traceId: `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomUUID().replace(/-/g, "").slice(0, 24)}` }),
        timedOut,
        exited.then((exit) => ({ exit })),
      ]);
      timer?.cancel();
      const durationMs = clock.now() - started;
      lastUsed = clock.now();
      let outcome: InvocationOutcome;
      let lost = false;
      if (result === "timeout") {
        outcome = { kind: "error", error: timedOutError(requestId, config.Timeout) };
        lost = true;
      } else if ("exit" in result) {
        const why = result.exit.oomKilled || result.exit.exitCode === 137 ? "signal: killed" : `exit status ${result.exit.exitCode}`;
        outcome = { kind: "error", error: { errorType: "Runtime.ExitError", errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: ${why}` } };
        lost = true;
      } else {
        outcome = result;
      }
      await measureMemory();
      // The lines the handler printed reach the log stream before the platform's END and REPORT.
      await logsCaughtUp(outcome.logBytes);
      if (lost) await shutdown();
      else {
        state = "idle";
        freezeIfIdle();
      }
      return { outcome, durationMs, ...(initDurationMs !== undefined ? { initDurationMs } : {}), maxMemoryUsedMB: memoryMB(), environmentLost: lost };
    },
    shutdown,
  };
}
