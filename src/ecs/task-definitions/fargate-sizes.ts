// The task sizes Fargate offers: each CPU value allows only certain memory values.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size

function range(fromMiB: number, toMiB: number, stepMiB: number): number[] {
  const values: number[] = [];
  for (let m = fromMiB; m <= toMiB; m += stepMiB) values.push(m);
  return values;
}

/** Valid memory values (MiB) for each Fargate task CPU value (CPU units). */
export const FARGATE_TASK_SIZES: ReadonlyMap<number, readonly number[]> = new Map([
  [256, [512, 1024, 2048]],
  [512, range(1024, 4096, 1024)],
  [1024, range(2048, 8192, 1024)],
  [2048, range(4096, 16384, 1024)],
  [4096, range(8192, 30720, 1024)],
  [8192, range(16384, 61440, 4096)],
  [16384, range(32768, 122880, 8192)],
]);

/** True when Fargate offers a task with this much CPU (units) and memory (MiB). */
export function isFargateSize(cpu: number, memoryMiB: number): boolean {
  return FARGATE_TASK_SIZES.get(cpu)?.includes(memoryMiB) ?? false;
}
