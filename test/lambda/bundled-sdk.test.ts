import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";

const made: string[] = [];
const tempHome = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "minicloud-sdk-home-"));
  made.push(dir);
  return dir;
};

afterEach(() => {
  vi.unstubAllEnvs();
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The module afresh, so that what an earlier call staged is forgotten, as in a new process. */
async function freshBundledSdk(): Promise<typeof import("../../src/lambda/runtimes/bundled-sdk.js")> {
  vi.resetModules();
  return import("../../src/lambda/runtimes/bundled-sdk.js");
}

describe("the Node.js runtime's bundled SDK", () => {
  it("is taken from MINICLOUD_PREPARED_RUNTIMES when that folder holds this version, and nothing is copied", async () => {
    vi.stubEnv("MINICLOUD_HOME", tempHome());
    const prepared = (await freshBundledSdk()).bundledSdkFolder();
    const home = tempHome();
    vi.stubEnv("MINICLOUD_HOME", home);
    vi.stubEnv("MINICLOUD_PREPARED_RUNTIMES", dirname(dirname(prepared)));
    expect((await freshBundledSdk()).bundledSdkFolder()).toBe(prepared);
    expect(existsSync(join(home, "runtimes"))).toBe(false);
  });

  it("is copied into minicloud's home, clients without their type declarations, when the prepared folder holds another version", async () => {
    const home = tempHome();
    vi.stubEnv("MINICLOUD_HOME", home);
    vi.stubEnv("MINICLOUD_PREPARED_RUNTIMES", tempHome());
    const folder = (await freshBundledSdk()).bundledSdkFolder();
    expect(folder.startsWith(join(home, "runtimes"))).toBe(true);
    expect(existsSync(join(folder, "@aws-sdk", "client-sqs", "package.json"))).toBe(true);
    expect(existsSync(join(folder, "@aws-sdk", "client-ecs", "dist-types"))).toBe(false);
  });
});
