/**
 * Dated price tables, US East (N. Virginia), on-demand, in US dollars. Each names where it comes from;
 * prices change, so every calculation says which table it used.
 */

/** Lambda's prices under one billing rule. */
export interface LambdaPriceTable {
  id: "lambda-2019" | "lambda-current";
  asOf: string;
  source: string;
  /** Per request. */
  perRequest: number;
  /** Per GB-second, by tier: the price applies up to `uptoGbSeconds` per month. */
  perGbSecond: Record<"x86_64" | "arm64", { uptoGbSeconds: number; price: number }[]>;
  /** Rounding of duration, in ms. */
  roundingMs: 100 | 1;
  /** The monthly free tier, applied only when asked for. */
  freeTier: { requests: number; gbSeconds: number };
}

const ALL = Number.POSITIVE_INFINITY;

/**
 * Lambda as the course taught it (2019): $0.20 per million requests, $0.0000166667 per GB-second,
 * duration rounded up to 100 ms; x86 only (Graviton came in 2021).
 */
export const LAMBDA_2019: LambdaPriceTable = {
  id: "lambda-2019",
  asOf: "2019-06-01",
  source: "AWS Lambda pricing page as of 2019 (aws.amazon.com/lambda/pricing)",
  perRequest: 0.2 / 1_000_000,
  perGbSecond: { x86_64: [{ uptoGbSeconds: ALL, price: 0.0000166667 }], arm64: [{ uptoGbSeconds: ALL, price: 0.0000166667 }] },
  roundingMs: 100,
  freeTier: { requests: 1_000_000, gbSeconds: 400_000 },
};

/**
 * Lambda today: 1 ms rounding (since December 2020), tiered GB-second prices per month (first 6 billion,
 * next 9 billion, over 15 billion), cheaper on Arm (Graviton2).
 * @see https://aws.amazon.com/lambda/pricing/
 */
export const LAMBDA_CURRENT: LambdaPriceTable = {
  id: "lambda-current",
  asOf: "2025-08-01",
  source: "AWS Lambda pricing page (aws.amazon.com/lambda/pricing), US East (N. Virginia)",
  perRequest: 0.2 / 1_000_000,
  perGbSecond: {
    x86_64: [
      { uptoGbSeconds: 6e9, price: 0.0000166667 },
      { uptoGbSeconds: 15e9, price: 0.000015 },
      { uptoGbSeconds: ALL, price: 0.0000133334 },
    ],
    arm64: [
      { uptoGbSeconds: 6e9, price: 0.0000133334 },
      { uptoGbSeconds: 15e9, price: 0.0000120001 },
      { uptoGbSeconds: ALL, price: 0.0000106667 },
    ],
  },
  roundingMs: 1,
  freeTier: { requests: 1_000_000, gbSeconds: 400_000 },
};

/**
 * Fargate, Linux: per vCPU-hour and per GB-hour, billed per second with a one-minute minimum.
 * @see https://aws.amazon.com/fargate/pricing/
 */
export const FARGATE = {
  asOf: "2025-01-01",
  source: "AWS Fargate pricing page (aws.amazon.com/fargate/pricing), US East (N. Virginia), Linux",
  perVcpuHour: { x86_64: 0.04048, arm64: 0.03238 },
  perGbHour: { x86_64: 0.004445, arm64: 0.00356 },
  minimumSeconds: 60,
} as const;

/**
 * EC2 on-demand, Linux, for the instance types the notebooks use (vCPUs, memory in GiB, $ per hour).
 * @see https://aws.amazon.com/ec2/pricing/on-demand/
 */
export const EC2_ON_DEMAND = {
  asOf: "2025-01-01",
  source: "Amazon EC2 on-demand pricing page (aws.amazon.com/ec2/pricing/on-demand), US East (N. Virginia), Linux",
  instances: {
    "t3.micro": { vcpu: 2, memoryGiB: 1, perHour: 0.0104 },
    "t3.medium": { vcpu: 2, memoryGiB: 4, perHour: 0.0416 },
    "m5.large": { vcpu: 2, memoryGiB: 8, perHour: 0.096 },
    "m5.xlarge": { vcpu: 4, memoryGiB: 16, perHour: 0.192 },
    "c5.large": { vcpu: 2, memoryGiB: 4, perHour: 0.085 },
    "r5.4xlarge": { vcpu: 16, memoryGiB: 128, perHour: 1.008 },
  },
} as const;

/** The instance types in {@link EC2_ON_DEMAND}. */
export type InstanceType = keyof typeof EC2_ON_DEMAND.instances;
