import { MinicloudError } from "../core/errors.js";
import { QUEUE_OR_TOPIC_ARN } from "./async/event-invoke-config.js";
import type { InlineHandler } from "./inline/types.js";
import type { SimulationModel } from "./simulated-environment.js";

/** The runtimes minicloud runs: Node.js through its own runtime client, and custom runtimes (`bootstrap`). */
export const RUNTIMES = ["nodejs18.x", "nodejs20.x", "nodejs22.x", "provided.al2", "provided.al2023"] as const;
export type Runtime = (typeof RUNTIMES)[number];

/**
 * Where a function's code comes from. AWS takes a .zip (or an image); minicloud also takes a folder,
 * one file, or the source text itself, and packages them the same way. JavaScript or TypeScript:
 * a handler file `index.ts` (Source with `FileName: "index.ts"`) is compiled with esbuild when deployed.
 *
 * `Inline` is minicloud's own, for first demos: a function value run *in this process*, with no
 * container and no isolation (isolation mode `inline`; see {@link IsolationMode}).
 */
export type FunctionCode = { Directory: string } | { File: string } | { Source: string; FileName?: string } | { Inline: InlineHandler };

/**
 * How a function's code is isolated (minicloud's own field): `container`, an execution environment on
 * the session's engine, as on AWS; or `inline`, a function value called in the calling process, with
 * the same invocation rules but no isolation (its memory is the caller's, a timeout cannot stop it).
 */
export type IsolationMode = "container" | "inline";

/** CreateFunction's request, in AWS's names. */
export interface CreateFunctionRequest {
  FunctionName: string;
  Runtime: Runtime;
  /** `file.export`, e.g. `index.handler`; for custom runtimes, passed to the bootstrap as _HANDLER; for `Inline` code, a label only. */
  Handler: string;
  Code: FunctionCode;
  /** 128–10240 MB (default 128). CPU is allocated in proportion to it. */
  MemorySize?: number;
  /** 1–900 seconds (default 3). */
  Timeout?: number;
  Description?: string;
  Environment?: { Variables?: Record<string, string> };
  /** Accepted for fidelity; minicloud runs no IAM. */
  Role?: string;
  /** Where an asynchronous event goes when it fails every try: an SQS queue's or SNS topic's ARN. */
  DeadLetterConfig?: { TargetArn?: string };
  /** minicloud's own: how the function behaves on the simulated engine, which runs no code. */
  Simulation?: SimulationModel;
}

/** A function's configuration, as GetFunctionConfiguration answers. */
export interface FunctionConfiguration {
  FunctionName: string;
  FunctionArn: string;
  Runtime: Runtime;
  Role: string;
  Handler: string;
  CodeSize: number;
  Description: string;
  Timeout: number;
  MemorySize: number;
  LastModified: string;
  CodeSha256: string;
  Version: string;
  Environment: { Variables: Record<string, string> };
  State: "Active";
  LastUpdateStatus: "Successful";
  PackageType: "Zip";
  Architectures: ["x86_64"];
  DeadLetterConfig?: { TargetArn?: string };
}

function invalid(field: string, message: string): MinicloudError {
  return new MinicloudError("InvalidParameterValueException", message, { field });
}

const NAME = /^[a-zA-Z0-9-_]{1,64}$/;
// Reserved by Lambda: a function may not set these itself (AWS documents the list).
const RESERVED_VARIABLES = new Set([
  "_HANDLER",
  "_X_AMZN_TRACE_ID",
  "AWS_DEFAULT_REGION",
  "AWS_REGION",
  "AWS_EXECUTION_ENV",
  "AWS_LAMBDA_FUNCTION_NAME",
  "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
  "AWS_LAMBDA_FUNCTION_VERSION",
  "AWS_LAMBDA_INITIALIZATION_TYPE",
  "AWS_LAMBDA_LOG_GROUP_NAME",
  "AWS_LAMBDA_LOG_STREAM_NAME",
  "AWS_ACCESS_KEY",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_LAMBDA_RUNTIME_API",
  "LAMBDA_TASK_ROOT",
  "LAMBDA_RUNTIME_DIR",
]);

/** Checks a function name as AWS does (1–64 letters, digits, hyphens, underscores). */
export function validateFunctionName(name: unknown, field = "FunctionName"): string {
  if (typeof name !== "string" || !NAME.test(name)) {
    throw invalid(
      field,
      `1 validation error detected: Value '${String(name)}' at '${field.charAt(0).toLowerCase() + field.slice(1)}' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9-_]+ and have length 1-64.`,
    );
  }
  return name;
}

/** Checks the settings AWS checks on CreateFunction and UpdateFunctionConfiguration, naming the field to fix. */
export function validateSettings(settings: Partial<CreateFunctionRequest>): void {
  if (settings.Runtime !== undefined && !(RUNTIMES as readonly string[]).includes(settings.Runtime)) {
    throw invalid("Runtime", `Value ${settings.Runtime} at 'runtime' failed to satisfy constraint: minicloud runs ${RUNTIMES.join(", ")}.`);
  }
  if (settings.Handler !== undefined && (typeof settings.Handler !== "string" || !/^[^\s]{1,128}$/.test(settings.Handler))) {
    throw invalid("Handler", `Value '${settings.Handler}' at 'handler' failed to satisfy constraint: Member must satisfy regular expression pattern: [^\\s]+ and have length 1-128 (e.g. index.handler).`);
  }
  if (settings.MemorySize !== undefined && !(Number.isInteger(settings.MemorySize) && settings.MemorySize >= 128 && settings.MemorySize <= 10240)) {
    throw invalid("MemorySize", `'MemorySize' value failed to satisfy constraint: Member must have value between 128 and 10240 (MB, a whole number); got ${settings.MemorySize}.`);
  }
  if (settings.Timeout !== undefined && !(Number.isInteger(settings.Timeout) && settings.Timeout >= 1 && settings.Timeout <= 900)) {
    throw invalid("Timeout", `'Timeout' value failed to satisfy constraint: Member must have value between 1 and 900 (seconds, a whole number); got ${settings.Timeout}.`);
  }
  if (settings.Description !== undefined && (typeof settings.Description !== "string" || settings.Description.length > 256)) {
    throw invalid("Description", "'Description' must be a string of at most 256 characters.");
  }
  const deadLetter = settings.DeadLetterConfig?.TargetArn;
  if (deadLetter !== undefined && deadLetter !== "" && !QUEUE_OR_TOPIC_ARN.test(deadLetter)) {
    throw invalid("DeadLetterConfig.TargetArn", `DeadLetterConfig.TargetArn must be an SQS queue's or SNS topic's ARN (e.g. the QueueArn from getQueueAttributes); got ${deadLetter}.`);
  }
  for (const [key, value] of Object.entries(settings.Simulation ?? {})) {
    const ok = key === "response" ? value === undefined || JSON.stringify(value) !== undefined : ["initDurationMs", "durationMs", "maxMemoryUsedMB"].includes(key) && typeof value === "number" && value >= 0 && Number.isFinite(value);
    if (!ok) throw invalid(`Simulation.${key}`, `Simulation.${key} must be ${key === "response" ? "a JSON value" : "a number of 0 or more"}; the model takes initDurationMs, durationMs, maxMemoryUsedMB and response.`);
  }
  for (const [key, value] of Object.entries(settings.Environment?.Variables ?? {})) {
    if (RESERVED_VARIABLES.has(key)) {
      throw invalid(`Environment.Variables.${key}`, `Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${key}`);
    }
    if (!/^[a-zA-Z]([a-zA-Z0-9_])*$/.test(key) || typeof value !== "string") {
      throw invalid(`Environment.Variables.${key}`, `Environment variable names must start with a letter and hold only letters, digits and _; values must be strings (check ${key}).`);
    }
  }
}
