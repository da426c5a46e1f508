import { describe, expect, it } from "vitest";
import { ec2CheaperFrom, ec2Cost, fargateCost, fargateVsEc2, HOURS_PER_MONTH, monthlyFleetCost, tasksPerInstance } from "minicloud";

describe("Fargate against EC2 for always-on tasks", () => {
  it("fits tasks on an instance by its registered CPU and memory, whichever runs out first", () => {
    expect(tasksPerInstance("m5.large", 256, 512)).toBe(8); // CPU: 2,048 / 256
    expect(tasksPerInstance("t3.medium", 256, 512)).toBe(7); // memory: (4,096 − 256) / 512 = 7.5
    expect(tasksPerInstance("t3.micro", 512, 1024)).toBe(0);
  });

  it("prices a month on each launch type with the pricing module: Fargate per task, EC2 per started instance", () => {
    const cost = monthlyFleetCost(9, 256, 512, "m5.large");
    expect(cost.instances).toBe(2);
    expect(cost.ec2).toBeCloseTo(ec2Cost({ instanceType: "m5.large", hours: HOURS_PER_MONTH, count: 2 }).total, 10);
    expect(cost.fargate).toBeCloseTo(fargateCost({ vcpu: 0.25, memoryGB: 0.5, durationSeconds: HOURS_PER_MONTH * 3600, tasks: 9 }).total, 10);
  });

  it("finds the first task count where EC2 is cheaper, or none when a full instance still costs more", () => {
    // m5.large ($0.096/h) holds 8 tasks of 0.25 vCPU; 8 such Fargate tasks cost 8 × $0.0123225/h.
    expect(ec2CheaperFrom(256, 512, "m5.large")).toBe(8);
    expect(ec2CheaperFrom(512, 1024, "t3.medium")).toBe(2);
    expect(ec2CheaperFrom(256, 512, "r5.4xlarge")).toBeNull();
    const { points, breakEvens } = fargateVsEc2({ cpu: 256, memory: 512, instanceType: "m5.large", maxTasks: 20 });
    expect(points).toHaveLength(40);
    expect(breakEvens).toEqual([expect.objectContaining({ x: 8, label: "EC2 cheaper from 8 tasks" })]);
  });

  it("refuses sizes Fargate does not offer and tasks that fit no instance, naming the field", () => {
    expect(() => monthlyFleetCost(1, 256, 4096, "m5.large")).toThrow(expect.objectContaining({ name: "InvalidParameterValueException", field: "cpu" }));
    expect(() => monthlyFleetCost(1, 1024, 2048, "t3.micro")).toThrow(expect.objectContaining({ field: "instanceType" }));
  });
});
