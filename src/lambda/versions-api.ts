import type { Clock } from "../core/clock.js";
import { MinicloudError } from "../core/errors.js";
import { validateSettings, type CreateFunctionRequest, type FunctionCode, type FunctionConfiguration } from "./function-config.js";
import { functionArn, latest, type AliasConfiguration, type CodeArtifact, type FunctionStore, type VersionRecord } from "./function-store.js";

const ALIAS_NAME = /^(?!^[0-9]+$)[a-zA-Z0-9-_]{1,128}$/;

/** What the versions API needs from the Lambda service. */
export interface VersionsApiOptions {
  store: FunctionStore;
  clock: Clock;
  /** Packages code into what a version's environments run. */
  deployCode(name: string, code: FunctionCode, runtime: FunctionConfiguration["Runtime"], handler: string): Promise<{ artifact: CodeArtifact; codeSha256: string; codeSize: number }>;
  /** Shuts down a version's environments (new code or settings mean new environments). */
  retire(version: VersionRecord): Promise<void>;
}

/**
 * Changing a function over time, as Lambda does it: update $LATEST's code or settings, publish immutable
 * numbered versions, and point aliases at them to roll a release out or back.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-versions.html
 */
export function createVersionsApi({ store, clock, deployCode, retire }: VersionsApiOptions) {
  return {
    /** UpdateFunctionCode: new code for $LATEST; its environments are replaced (the next invocation is cold). */
    async updateFunctionCode(request: { FunctionName: string; Code: FunctionCode }): Promise<FunctionConfiguration> {
      const fn = store.get(request.FunctionName);
      const current = latest(fn);
      const built = await deployCode(fn.name, request.Code, current.config.Runtime, current.config.Handler);
      await retire(current);
      current.artifact = built.artifact;
      Object.assign(current.config, { CodeSha256: built.codeSha256, CodeSize: built.codeSize, LastModified: new Date(clock.now()).toISOString().replace("Z", "+0000") });
      return structuredClone(current.config);
    },

    /** UpdateFunctionConfiguration: memory, timeout, environment, handler, description, dead-letter queue of $LATEST. */
    async updateFunctionConfiguration(
      request: { FunctionName: string } & Partial<Pick<CreateFunctionRequest, "MemorySize" | "Timeout" | "Description" | "Environment" | "Handler" | "DeadLetterConfig">>,
    ): Promise<FunctionConfiguration> {
      const fn = store.get(request.FunctionName);
      validateSettings(request);
      const current = latest(fn);
      await retire(current);
      const { FunctionName: _name, Environment, ...settings } = request;
      Object.assign(current.config, settings, Environment ? { Environment: { Variables: { ...Environment.Variables } } } : {}, {
        LastModified: new Date(clock.now()).toISOString().replace("Z", "+0000"),
      });
      return structuredClone(current.config);
    },

    /** PublishVersion: freezes $LATEST as the next numbered version (or returns the last one if nothing changed). */
    async publishVersion(request: { FunctionName: string; Description?: string }): Promise<FunctionConfiguration> {
      const fn = store.get(request.FunctionName);
      const current = latest(fn).config;
      const previous = fn.versions.get(String(fn.lastPublished));
      const unchanged = previous && JSON.stringify({ ...previous.config, Version: "", FunctionArn: "", Description: "" }) === JSON.stringify({ ...current, Version: "", FunctionArn: "", Description: "" });
      if (previous && unchanged) return structuredClone(previous.config);
      const number = String(++fn.lastPublished);
      const config = { ...structuredClone(current), Version: number, FunctionArn: functionArn(fn.name, number), Description: request.Description ?? current.Description };
      fn.versions.set(number, { config, artifact: latest(fn).artifact, environments: [] });
      return structuredClone(config);
    },

    /** ListVersionsByFunction: $LATEST and every published version. */
    async listVersionsByFunction(request: { FunctionName: string }): Promise<{ Versions: FunctionConfiguration[] }> {
      return { Versions: [...store.get(request.FunctionName).versions.values()].map((v) => structuredClone(v.config)) };
    },

    /** CreateAlias: a name pointing at a version (e.g. `live` → 3). */
    async createAlias(request: { FunctionName: string; Name: string; FunctionVersion: string; Description?: string }): Promise<AliasConfiguration> {
      const fn = store.get(request.FunctionName);
      if (typeof request.Name !== "string" || !ALIAS_NAME.test(request.Name)) {
        throw new MinicloudError("InvalidParameterValueException", `Alias name ${request.Name} must be 1-128 letters, digits, - or _, and not only digits (those are versions).`, { field: "Name" });
      }
      if (fn.aliases.has(request.Name)) throw new MinicloudError("ResourceConflictException", `Alias already exists: ${functionArn(fn.name, request.Name)}`, { field: "Name", statusCode: 409 });
      if (!fn.versions.has(request.FunctionVersion)) {
        throw new MinicloudError("ResourceNotFoundException", `Function not found: ${functionArn(fn.name, request.FunctionVersion)}`, { field: "FunctionVersion", statusCode: 404 });
      }
      const alias = { AliasArn: functionArn(fn.name, request.Name), Name: request.Name, FunctionVersion: request.FunctionVersion, Description: request.Description ?? "" };
      fn.aliases.set(request.Name, alias);
      return { ...alias };
    },

    /** UpdateAlias: points an alias at another version (how a release is rolled out, or rolled back). */
    async updateAlias(request: { FunctionName: string; Name: string; FunctionVersion: string }): Promise<AliasConfiguration> {
      const fn = store.get(request.FunctionName);
      const alias = fn.aliases.get(request.Name);
      if (!alias) throw new MinicloudError("ResourceNotFoundException", `Alias not found: ${functionArn(fn.name, request.Name)}`, { field: "Name", statusCode: 404 });
      if (!fn.versions.has(request.FunctionVersion)) {
        throw new MinicloudError("ResourceNotFoundException", `Function not found: ${functionArn(fn.name, request.FunctionVersion)}`, { field: "FunctionVersion", statusCode: 404 });
      }
      alias.FunctionVersion = request.FunctionVersion;
      return { ...alias };
    },

    /** ListAliases. */
    async listAliases(request: { FunctionName: string }): Promise<{ Aliases: AliasConfiguration[] }> {
      return { Aliases: [...store.get(request.FunctionName).aliases.values()].map((a) => ({ ...a })) };
    },

  };
}
