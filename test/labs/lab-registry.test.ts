import { describe, expect, it } from "vitest";
import { defineLab, findLab, labNames, passed, type LabDefinition } from "minicloud";

describe("the lab registry", () => {
  it("knows the capstone lab and its six checkpoints, in the order a student reaches them", () => {
    expect(labNames()).toContain("capstone");
    expect(findLab("capstone")?.checkpoints.map((c) => c.name)).toEqual(["bucket-and-queue", "submit-api", "worker-image", "workers-running", "queue-drained", "worker-replaced"]);
  });

  it("refuses a second lab of the same name, so a notebook cannot swap a verification for one that always passes", () => {
    const fake: LabDefinition = { name: "capstone", title: "fake", checkpoints: [{ name: "bucket-and-queue", title: "t", verify: async () => passed("yes") }] };
    expect(() => defineLab(fake)).toThrow(expect.objectContaining({ name: "ResourceConflictException" }));
    expect(() => defineLab({ ...fake, name: "Capstone 2" })).toThrow(expect.objectContaining({ name: "InvalidParameterValueException", field: "name" }));
    const twice = { name: "twice", title: "t", checkpoints: [fake.checkpoints[0]!, fake.checkpoints[0]!] };
    expect(() => defineLab(twice)).toThrow(/two checkpoints named "bucket-and-queue"/);
  });
});
