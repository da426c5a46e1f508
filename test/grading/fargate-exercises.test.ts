import { describe, expect, it } from "vitest";
import { check, EC2_ON_DEMAND, FARGATE, HOURS_PER_MONTH, RESERVED_MEMORY_MIB, type InstanceType } from "minicloud";

describe("exercises of notebook 10 (Fargate vs EC2)", () => {
  const perSecond = (vcpu: number, memoryGB: number) => (vcpu * FARGATE.perVcpuHour.x86_64 + memoryGB * FARGATE.perGbHour.x86_64) / 3600;

  it("10-fargate-bill: per second with a one-minute minimum passes; forgetting the minimum fails on a short run", async () => {
    expect(await check("10-fargate-bill", (vcpu: number, memoryGB: number, seconds: number) => perSecond(vcpu, memoryGB) * Math.max(60, Math.ceil(seconds)))).toMatchObject({ passed: true });
    const noMinimum = await check("10-fargate-bill", (vcpu: number, memoryGB: number, seconds: number) => perSecond(vcpu, memoryGB) * Math.ceil(seconds));
    expect(noMinimum.passed).toBe(false);
    expect(Number(/seconds = ([\d.]+)$/.exec(noMinimum.counterexample!.input)?.[1])).toBeLessThan(60);
    expect(noMinimum.hint).toMatch(/a minimum/);
  });

  const fit = (type: InstanceType, cpu: number, memory: number, reserved: number) => {
    const spec = EC2_ON_DEMAND.instances[type];
    return Math.min(Math.floor((spec.vcpu * 1024) / cpu), Math.floor((spec.memoryGiB * 1024 - reserved) / memory));
  };

  it("10-instances-needed: counting what fits by CPU and memory passes; forgetting the agent's memory fails", async () => {
    const needed = (reserved: number) => (tasks: number, cpu: number, memory: number, type: InstanceType) => Math.ceil(tasks / fit(type, cpu, memory, reserved));
    expect(await check("10-instances-needed", needed(RESERVED_MEMORY_MIB))).toMatchObject({ passed: true });
    const noReserve = await check("10-instances-needed", needed(0));
    expect(noReserve.passed).toBe(false);
    expect(Number(noReserve.counterexample!.expected)).toBeGreaterThan(Number(noReserve.counterexample!.actual));
  });

  it("10-ec2-cheaper-from: trying one instance's worth of tasks passes; comparing prices per vCPU only fails", async () => {
    const month = (type: InstanceType) => EC2_ON_DEMAND.instances[type].perHour * HOURS_PER_MONTH;
    const fargateMonth = (cpu: number, memory: number) => perSecond(cpu / 1024, memory / 1024) * HOURS_PER_MONTH * 3600;
    const right = (cpu: number, memory: number, type: InstanceType): number | null => {
      for (let n = 1; n <= fit(type, cpu, memory, RESERVED_MEMORY_MIB); n++) if (month(type) < n * fargateMonth(cpu, memory)) return n;
      return null;
    };
    expect(await check("10-ec2-cheaper-from", right)).toMatchObject({ passed: true });
    // A common slip: ignoring that a partly used instance is paid in full, so always answering 1.
    const always = await check("10-ec2-cheaper-from", () => 1);
    expect(always.passed).toBe(false);
    expect(always.counterexample!.expected).not.toBe("1");
  });
});
