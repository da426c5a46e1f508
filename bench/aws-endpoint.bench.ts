import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cloud, ensureBaseImage, probeDocker, type ContainerEngine, type ContainerSpec, type EngineName, type InvokeResponse } from "minicloud";
import type { Benchmark, Measurement } from "./support/types.js";
import { median, round2 } from "./support/measure.js";

const COLD_RUNS = 5;
const CALLS = 200;
const TRIVIAL = "exports.handler = async () => 1;";
// A handler that makes its S3 client at INIT, as AWS recommends, and reads one object CALLS times.
const READER = `const { S3Client, GetObjectCommand } = require("@aws-sdk/client-s3");
const s3 = new S3Client({});
exports.handler = async (event) => {
  const started = performance.now();
  for (let i = 0; i < event.calls; i++) await (await s3.send(new GetObjectCommand({ Bucket: "bench-bucket", Key: "k" }))).Body.transformToString();
  return (performance.now() - started) / Math.max(1, event.calls);
};`;

const initMs = (cloud: Cloud, name: string): number => {
  const report = cloud.lambda.logs.filterLogEvents(`/aws/lambda/${name}`, (m) => m.startsWith("REPORT")).at(-1)?.message ?? "";
  return Number(/Init Duration: ([\d.]+) ms/.exec(report)?.[1] ?? NaN);
};

/** Creating and running a container that exits at once, with and without the SDK folder mounted: what the mount costs. */
async function mountCostMs(engine: ContainerEngine, sdkFolder: string): Promise<[number, number]> {
  const once = async (spec: ContainerSpec): Promise<number> => {
    const started = performance.now();
    const { id } = await engine.createContainer(spec);
    await engine.startContainer(id);
    await engine.waitContainer(id);
    const ms = performance.now() - started;
    await engine.removeContainer(id, { force: true });
    return ms;
  };
  const bare: ContainerSpec = { image: "minicloud/node", command: ["node", "-e", "0"] };
  const mounted: ContainerSpec = { ...bare, mounts: [{ source: sdkFolder, target: "/var/runtime/node_modules", readOnly: true }] };
  const without: number[] = [];
  const withMount: number[] = [];
  for (let i = 0; i < COLD_RUNS + 1; i++) {
    without.push(await once(bare));
    withMount.push(await once(mounted));
  }
  return [median(without.slice(1)), median(withMount.slice(1))];
}

async function measureEngine(engine: EngineName): Promise<Measurement[]> {
  const cloud = await Cloud.start({ engine });
  const scratch = mkdtempSync(join(tmpdir(), "minicloud-bench-sdk-"));
  try {
    await ensureBaseImage(cloud.engine);
    const [bare, mounted] = await mountCostMs(cloud.engine, scratch);
    await cloud.s3.createBucket({ Bucket: "bench-bucket" });
    await cloud.s3.putObject({ Bucket: "bench-bucket", Key: "k", Body: "x".repeat(1024) });
    const trivialInit: number[] = [];
    const readerInit: number[] = [];
    const firstCall: number[] = [];
    for (let i = 0; i < COLD_RUNS; i++) {
      for (const [name, source, inits] of [[`trivial${i}`, TRIVIAL, trivialInit], [`reader${i}`, READER, readerInit]] as const) {
        await cloud.lambda.createFunction({ FunctionName: name, Runtime: "nodejs20.x", Handler: "index.handler", Timeout: 60, Code: { Source: source } });
        const response: InvokeResponse = await cloud.lambda.invoke({ FunctionName: name, Payload: { calls: 1 } });
        if (response.FunctionError) throw new Error(response.Payload?.transformToString());
        inits.push(initMs(cloud, name));
        if (name.startsWith("reader")) firstCall.push(Number(response.Payload!.transformToString()));
      }
    }
    const warm = await cloud.lambda.invoke({ FunctionName: "reader0", Payload: { calls: CALLS } });
    return [
      { metric: `${engine}_container_ms`, value: round2(bare), unit: "ms" },
      { metric: `${engine}_container_with_sdk_mount_ms`, value: round2(mounted), unit: "ms" },
      { metric: `${engine}_init_trivial_ms`, value: round2(median(trivialInit)), unit: "ms" },
      { metric: `${engine}_init_requiring_s3_client_ms`, value: round2(median(readerInit)), unit: "ms" },
      { metric: `${engine}_first_get_object_ms`, value: round2(median(firstCall)), unit: "ms" },
      { metric: `${engine}_warm_get_object_ms`, value: round2(Number(warm.Payload!.transformToString())), unit: "ms" },
    ];
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    await cloud.shutdown();
  }
}

/** What the SDK in execution environments costs: the mount, INIT with an SDK client, a GetObject through the endpoint. */
const benchmark: Benchmark = {
  name: "aws-endpoint",
  description: "container start with and without the SDK mount; INIT of a trivial handler vs one that makes an S3 client; GetObject through the endpoint, first and warm",
  async run() {
    const results = await measureEngine("process");
    if (!(await probeDocker({ timeoutMs: 3000 })).reachable) return results;
    return [...results, ...(await measureEngine("docker"))];
  },
};
export default benchmark;
