import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MinicloudError, isMinicloudError, packageRoot, VERSION } from "minicloud";

describe("core", () => {
  it("reports the version written in package.json", () => {
    const pkg = JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { version: string; name: string };
    expect(pkg.name).toBe("minicloud");
    expect(VERSION).toBe(pkg.version);
  });

  it("gives errors the AWS exception name, the field to fix and AWS's status code", () => {
    const error = new MinicloudError("InvalidParameterValueException", "MemorySize must be 128-10240.", { field: "MemorySize" });
    expect(error.name).toBe("InvalidParameterValueException");
    expect(error.field).toBe("MemorySize");
    expect(error.statusCode).toBe(400);
    expect(isMinicloudError(error, "InvalidParameterValueException")).toBe(true);
    expect(isMinicloudError(error, "ResourceNotFoundException")).toBe(false);
    expect(isMinicloudError(new Error("x"))).toBe(false);
  });
});
