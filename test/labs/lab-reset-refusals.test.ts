import { chownSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resetLab } from "minicloud";

describe("minicloud lab reset refuses", () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), "minicloud-refusals-"));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it("a lab name that is not one, and a lab neither defined nor in the home (a typo would do nothing)", async () => {
    await expect(resetLab("Cap Stone", { home, docker: false })).rejects.toMatchObject({ name: "InvalidParameterValueException", field: "lab" });
    await expect(resetLab("capstnoe", { home, docker: false })).rejects.toMatchObject({ name: "ResourceNotFoundException", message: expect.stringContaining("it has no labs") });
  });

  it.skipIf(process.getuid?.() !== 0)("another user's home, naming the command to run as them (even for root)", async () => {
    chownSync(home, 65534, 65534);
    await expect(resetLab("capstone", { home, docker: false })).rejects.toMatchObject({
      name: "AccessDeniedException",
      message: expect.stringMatching(/^\S+ belongs to nobody; reset their lab as them: sudo -u nobody npx minicloud lab reset capstone --home /),
    });
  });
});
