import { afterEach, describe, expect, it, vi } from "vitest";
import { Cloud, decideEngine, isEngineChoice } from "minicloud";

afterEach(() => vi.unstubAllEnvs());

describe("engine choice", () => {
  it("knows the four choices and nothing else", () => {
    for (const choice of ["auto", "docker", "process", "simulated"]) expect(isEngineChoice(choice)).toBe(true);
    expect(isEngineChoice("podman")).toBe(false);
    expect(isEngineChoice(undefined)).toBe(false);
  });

  it("keeps an engine asked for by name", async () => {
    expect((await decideEngine("simulated")).engine).toBe("simulated");
  });

  it("lets MINICLOUD_ENGINE decide what auto means", async () => {
    vi.stubEnv("MINICLOUD_ENGINE", "process");
    expect(await decideEngine("auto")).toEqual({ engine: "process", reason: "MINICLOUD_ENGINE is set" });
  });

  it("names the variable and the valid values when MINICLOUD_ENGINE is wrong", async () => {
    vi.stubEnv("MINICLOUD_ENGINE", "podman");
    await expect(decideEngine("auto")).rejects.toMatchObject({
      name: "InvalidParameterValueException",
      field: "MINICLOUD_ENGINE",
      message: expect.stringContaining("auto, docker, process, simulated"),
    });
  });

  it("falls back to the process engine when no Docker engine answers", async () => {
    vi.stubEnv("DOCKER_HOST", "unix:///nonexistent/docker.sock");
    const decision = await decideEngine("auto");
    expect(decision.engine).toBe("process");
    expect(decision.reason).toContain("/nonexistent/docker.sock");
  });

  it("refuses an unknown engine in Cloud.start with the field to fix", async () => {
    await expect(Cloud.start({ engine: "vm" as never })).rejects.toMatchObject({
      name: "InvalidParameterValueException",
      field: "engine",
    });
  });

  it("starts a session with a fresh id on the engine asked for", async () => {
    const a = await Cloud.start({ engine: "simulated" });
    const b = await Cloud.start({ engine: "simulated" });
    expect(a.engine.name).toBe("simulated");
    expect(a.sessionId).toMatch(/^[0-9a-f]{12}$/);
    expect(a.sessionId).not.toBe(b.sessionId);
    await a.shutdown();
    expect(a.running).toBe(false);
    expect(a.toMimeBundle()["text/plain"]).toContain("shut down");
  });
});
