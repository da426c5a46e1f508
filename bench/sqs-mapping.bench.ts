import { Cloud } from "minicloud";
import type { Benchmark } from "./support/types.js";
import { median, round2 } from "./support/measure.js";

const HANDLER = "exports.handler = async (event) => ({ batchItemFailures: [], n: event.Records.length });";
const MESSAGES = 20_000;
const BATCH = 10;
const RUNS = 3;
/** The floor's callers: as many batches in flight as the mapping's pollers have. */
const IN_FLIGHT = 5;

/** An SQS event of `BATCH` records, shaped as the mapping sends them, for the floor's direct invocations. */
function sampleBatch(): string {
  const record = (i: number) => ({
    messageId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    receiptHandle: `handle-${i}`,
    body: `message ${i}`,
    attributes: { ApproximateReceiveCount: "1", SentTimestamp: "1559347200000", SenderId: "123456789012", ApproximateFirstReceiveTimestamp: "1559347200000" },
    messageAttributes: {},
    md5OfBody: "0".repeat(32),
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:us-east-1:123456789012:bench",
    awsRegion: "us-east-1",
  });
  return JSON.stringify({ Records: Array.from({ length: BATCH }, (_, i) => record(i)) });
}

/** Messages per second through a queue, a mapping and a process-isolated function, from the first send to an empty queue. */
async function throughMapping(cloud: Cloud, run: number): Promise<number> {
  const { QueueUrl } = await cloud.sqs.createQueue({ QueueName: `bench-${run}` });
  for (let start = 0; start < MESSAGES; start += 10) {
    await cloud.sqs.sendMessageBatch({ QueueUrl, Entries: Array.from({ length: 10 }, (_, i) => ({ Id: String(i), MessageBody: `message ${start + i}` })) });
  }
  const arn = (await cloud.sqs.getQueueAttributes({ QueueUrl })).Attributes["QueueArn"]!;
  const started = performance.now();
  const mapping = await cloud.eventSourceMappings.createEventSourceMapping({ EventSourceArn: arn, FunctionName: "bench", BatchSize: BATCH, FunctionResponseTypes: ["ReportBatchItemFailures"] });
  for (;;) {
    const a = (await cloud.sqs.getQueueAttributes({ QueueUrl })).Attributes;
    if (a["ApproximateNumberOfMessages"] === "0" && a["ApproximateNumberOfMessagesNotVisible"] === "0") break;
    await new Promise((r) => setTimeout(r, 5));
  }
  const seconds = (performance.now() - started) / 1000;
  await cloud.eventSourceMappings.deleteEventSourceMapping({ UUID: mapping.UUID });
  return MESSAGES / seconds;
}

/** Messages per second when the same handler is invoked directly with equal batches, IN_FLIGHT at a time. */
async function directInvokes(cloud: Cloud): Promise<number> {
  const payload = sampleBatch();
  let batches = MESSAGES / BATCH;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (batches-- > 0) await cloud.lambda.invoke({ FunctionName: "bench", Payload: payload });
    }),
  );
  return MESSAGES / ((performance.now() - started) / 1000);
}

/** SQS → Lambda throughput through an event source mapping, next to the same handler invoked directly. */
const benchmark: Benchmark = {
  name: "sqs-mapping",
  description: "SQS → Lambda messages/s (batch size 10, process engine); floor: the same handler invoked directly with equal batches",
  async run() {
    const cloud = await Cloud.start({ engine: "process" });
    try {
      await cloud.lambda.createFunction({ FunctionName: "bench", Runtime: "nodejs20.x", Handler: "index.handler", Code: { Source: HANDLER } });
      await directInvokes(cloud);
      const mapped: number[] = [];
      const direct: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        direct.push(await directInvokes(cloud));
        mapped.push(await throughMapping(cloud, run));
      }
      const viaMapping = median(mapped);
      const floor = median(direct);
      return [
        { metric: "floor_direct_invoke_msgs_per_s", value: Math.round(floor), unit: "msg/s" },
        { metric: "mapping_msgs_per_s", value: Math.round(viaMapping), unit: "msg/s", target: "≥ 5,000 msg/s", met: viaMapping >= 5000 },
        { metric: "mapping_vs_floor", value: round2(viaMapping / floor), unit: "×" },
      ];
    } finally {
      await cloud.shutdown();
    }
  },
};
export default benchmark;
