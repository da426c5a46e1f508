import type { FunctionConfiguration, IsolationMode } from "./function-config.js";
import type { FunctionRecord, VersionRecord } from "./function-store.js";

/** GetFunction's answer, in AWS's names, with minicloud's isolation mode beside them. */
export interface GetFunctionResponse {
  Configuration: FunctionConfiguration;
  /** Where the deployment package is: on AWS an S3 location; here the image its environments run, or "inline". */
  Code: { RepositoryType: "S3" | "Inline"; Location: string };
  /** Present when the function has reserved concurrency. */
  Concurrency?: { ReservedConcurrentExecutions: number };
  /**
   * minicloud's own field: `container` (an execution environment on the session's engine, as on AWS) or
   * `inline` (a function value run in this process — no isolation; for first demos only).
   */
  Isolation: IsolationMode;
}

/** The GetFunction answer for one version of a function. */
export function describeFunction(fn: FunctionRecord, version: VersionRecord): GetFunctionResponse {
  const inline = "inline" in version.artifact;
  return {
    Configuration: structuredClone(version.config),
    Code: inline ? { RepositoryType: "Inline", Location: "a function value in this process" } : { RepositoryType: "S3", Location: (version.artifact as { image: string }).image },
    ...(fn.reservedConcurrency !== undefined ? { Concurrency: { ReservedConcurrentExecutions: fn.reservedConcurrency } } : {}),
    Isolation: inline ? "inline" : "container",
  };
}
