import { arn } from "../core/arn.js";
import { MinicloudError } from "../core/errors.js";
import type { EventInvokeConfig } from "./async/event-invoke-config.js";
import type { ExecutionEnvironment } from "./execution-environment.js";
import type { FunctionConfiguration } from "./function-config.js";
import type { InlineHandler } from "./inline/types.js";
import type { SimulationModel } from "./simulated-environment.js";

/** What a version's environments run: an image on the session's engine, or a function value in this process. */
export type CodeArtifact = { image: string } | { inline: InlineHandler };

/** One version of a function: `$LATEST` (which changes) or a published number (which never does). */
export interface VersionRecord {
  config: FunctionConfiguration;
  artifact: CodeArtifact;
  environments: ExecutionEnvironment[];
}

/** An alias: a name that points at one version (AliasConfiguration in AWS's API). */
export interface AliasConfiguration {
  AliasArn: string;
  Name: string;
  FunctionVersion: string;
  Description: string;
}

/** A function and everything Lambda keeps about it. */
export interface FunctionRecord {
  name: string;
  versions: Map<string, VersionRecord>;
  aliases: Map<string, AliasConfiguration>;
  lastPublished: number;
  reservedConcurrency?: number;
  /** Invocations running now, across versions: the function's concurrency. */
  inFlight: number;
  eventInvokeConfig: EventInvokeConfig;
  /** How it behaves on the simulated engine (CreateFunction's Simulation). */
  simulation: SimulationModel;
}

/** The $LATEST version of a function (always there). */
export function latest(fn: FunctionRecord): VersionRecord {
  return fn.versions.get("$LATEST")!;
}

/** A function ARN, with a version or alias when given. */
export function functionArn(name: string, qualifier?: string): string {
  return arn("lambda", `function:${name}${qualifier ? `:${qualifier}` : ""}`);
}

/** Splits what callers pass as FunctionName — a name, `name:qualifier`, or an ARN — into name and qualifier. */
export function parseFunctionName(value: string): { name: string; qualifier?: string } {
  const parts = value.startsWith("arn:") ? value.split(":").slice(6) : value.split(":");
  const [name = "", qualifier] = parts;
  return qualifier === undefined ? { name } : { name, qualifier };
}

/** The functions of a session, found by name, ARN, version or alias, with AWS's errors when not found. */
export class FunctionStore {
  readonly #functions = new Map<string, FunctionRecord>();

  has(name: string): boolean {
    return this.#functions.has(name);
  }

  add(record: FunctionRecord): void {
    this.#functions.set(record.name, record);
  }

  delete(name: string): void {
    this.#functions.delete(name);
  }

  all(): FunctionRecord[] {
    return [...this.#functions.values()];
  }

  /** A function, or ResourceNotFoundException as Lambda words it. */
  get(functionName: string): FunctionRecord {
    const { name } = parseFunctionName(functionName);
    const found = this.#functions.get(name);
    if (!found) throw new MinicloudError("ResourceNotFoundException", `Function not found: ${functionArn(name)}`, { field: "FunctionName", statusCode: 404 });
    return found;
  }

  /** The version an invocation runs: the qualifier (version number or alias) from the name or `Qualifier`, else $LATEST. */
  resolve(functionName: string, qualifier?: string): { fn: FunctionRecord; version: VersionRecord; invokedArn: string } {
    const fn = this.get(functionName);
    const q = qualifier ?? parseFunctionName(functionName).qualifier;
    if (q === undefined || q === "$LATEST") return { fn, version: latest(fn), invokedArn: functionArn(fn.name, q) };
    const alias = fn.aliases.get(q);
    const version = fn.versions.get(alias ? alias.FunctionVersion : q);
    if (!version) throw new MinicloudError("ResourceNotFoundException", `Function not found: ${functionArn(fn.name, q)}`, { field: "Qualifier", statusCode: 404 });
    return { fn, version, invokedArn: functionArn(fn.name, q) };
  }
}
