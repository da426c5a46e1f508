import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { createSqs, createVirtualClock, type Sqs } from "minicloud";

/** An SQS on a virtual clock, with a FIFO queue made from the given attributes. */
async function fifoQueue(attributes: Record<string, string> = {}, name = "orders.fifo") {
  const clock = createVirtualClock({ start: Date.UTC(2019, 5, 1) });
  const sqs = createSqs({ clock });
  const { QueueUrl } = await sqs.createQueue({ QueueName: name, Attributes: { FifoQueue: "true", ...attributes } });
  return { clock, sqs, QueueUrl };
}

const receive = (sqs: Sqs, QueueUrl: string, max = 10, VisibilityTimeout?: number) =>
  sqs.receiveMessage({ QueueUrl, MaxNumberOfMessages: max, ...(VisibilityTimeout !== undefined ? { VisibilityTimeout } : {}) }).then((r) => r.Messages);
const bodies = (messages: { Body: string }[]) => messages.map((m) => m.Body);

describe("SQS FIFO queues", () => {
  it("deliver a group in send order, and nothing more of it while some of it is in flight", async () => {
    const { clock, sqs, QueueUrl } = await fifoQueue({ ContentBasedDeduplication: "true", VisibilityTimeout: "30" });
    for (const [group, body] of [["a", "a1"], ["b", "b1"], ["a", "a2"], ["a", "a3"], ["b", "b2"]]) await sqs.sendMessage({ QueueUrl, MessageBody: body!, MessageGroupId: group! });
    const first = await receive(sqs, QueueUrl, 2);
    expect(bodies(first)).toEqual(["a1", "a2"]);
    // Group a is held by the first receiver: a second receiver gets only group b.
    const second = await receive(sqs, QueueUrl);
    expect(bodies(second)).toEqual(["b1", "b2"]);
    for (const m of second) await sqs.deleteMessage({ QueueUrl, ReceiptHandle: m.ReceiptHandle });
    expect(await receive(sqs, QueueUrl)).toEqual([]);
    await sqs.deleteMessage({ QueueUrl, ReceiptHandle: first[0]!.ReceiptHandle });
    expect(await receive(sqs, QueueUrl)).toEqual([]);
    // a2 comes back when its visibility timeout ends — before a3, at its place in the group.
    await clock.advance(30_000);
    expect(bodies(await receive(sqs, QueueUrl))).toEqual(["a2", "a3"]);
  });

  it("drop duplicates within five minutes, answering as the first message, by id or by the body's SHA-256", async () => {
    const { clock, sqs, QueueUrl } = await fifoQueue({ ContentBasedDeduplication: "true" });
    const first = await sqs.sendMessage({ QueueUrl, MessageBody: "pay 10", MessageGroupId: "acct-1" });
    expect(first.SequenceNumber).toMatch(/^\d{20,}$/);
    const again = await sqs.sendMessage({ QueueUrl, MessageBody: "pay 10", MessageGroupId: "acct-1" });
    expect(again).toEqual(first);
    const byId = await sqs.sendMessage({ QueueUrl, MessageBody: "pay 10 (retry)", MessageGroupId: "acct-1", MessageDeduplicationId: "payment-77" });
    await sqs.sendMessage({ QueueUrl, MessageBody: "pay 10 (second retry)", MessageGroupId: "acct-1", MessageDeduplicationId: "payment-77" });
    const received = await receive(sqs, QueueUrl);
    expect(bodies(received)).toEqual(["pay 10", "pay 10 (retry)"]);
    expect(received[0]!.Attributes).toMatchObject({ MessageGroupId: "acct-1", MessageDeduplicationId: createHash("sha256").update("pay 10").digest("hex"), SequenceNumber: first.SequenceNumber });
    expect(received[1]!.Attributes.MessageDeduplicationId).toBe("payment-77");
    expect(BigInt(byId.SequenceNumber!) > BigInt(first.SequenceNumber!)).toBe(true);
    for (const m of received) await sqs.deleteMessage({ QueueUrl, ReceiptHandle: m.ReceiptHandle });
    // Deleted, the id is still remembered until the five minutes are over.
    await clock.advance(4 * 60_000);
    await sqs.sendMessage({ QueueUrl, MessageBody: "pay 10", MessageGroupId: "acct-1" });
    expect(await receive(sqs, QueueUrl)).toEqual([]);
    await clock.advance(60_000);
    await sqs.sendMessage({ QueueUrl, MessageBody: "pay 10", MessageGroupId: "acct-1" });
    expect(bodies(await receive(sqs, QueueUrl))).toEqual(["pay 10"]);
  });

  it("deduplicate per message group with DeduplicationScope messageGroup", async () => {
    const { sqs, QueueUrl } = await fifoQueue({ DeduplicationScope: "messageGroup", FifoThroughputLimit: "perMessageGroupId" });
    await sqs.sendMessage({ QueueUrl, MessageBody: "x", MessageGroupId: "g1", MessageDeduplicationId: "same" });
    await sqs.sendMessage({ QueueUrl, MessageBody: "y", MessageGroupId: "g2", MessageDeduplicationId: "same" });
    await sqs.sendMessage({ QueueUrl, MessageBody: "z", MessageGroupId: "g2", MessageDeduplicationId: "same" });
    expect(bodies(await receive(sqs, QueueUrl)).sort()).toEqual(["x", "y"]);
    expect((await sqs.getQueueAttributes({ QueueUrl })).Attributes).toMatchObject({ FifoQueue: "true", ContentBasedDeduplication: "false", DeduplicationScope: "messageGroup", FifoThroughputLimit: "perMessageGroupId" });
  });

  it("move a message that keeps failing to a FIFO dead-letter queue, which unblocks its group", async () => {
    const clock = createVirtualClock();
    const sqs = createSqs({ clock });
    const dlq = await sqs.createQueue({ QueueName: "orders-dlq.fifo", Attributes: { FifoQueue: "true" } });
    const dlqArn = (await sqs.getQueueAttributes({ QueueUrl: dlq.QueueUrl })).Attributes["QueueArn"]!;
    const { QueueUrl } = await sqs.createQueue({
      QueueName: "orders.fifo",
      Attributes: { FifoQueue: "true", ContentBasedDeduplication: "true", VisibilityTimeout: "5", RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 2 }) },
    });
    await sqs.sendMessage({ QueueUrl, MessageBody: "poison", MessageGroupId: "g" });
    await sqs.sendMessage({ QueueUrl, MessageBody: "next", MessageGroupId: "g" });
    for (let attempt = 0; attempt < 2; attempt++) {
      expect(bodies(await receive(sqs, QueueUrl, 1))).toEqual(["poison"]);
      await clock.advance(5_000);
    }
    expect(bodies(await receive(sqs, QueueUrl, 1))).toEqual(["next"]);
    const [dead] = await receive(sqs, dlq.QueueUrl);
    expect(dead).toMatchObject({ Body: "poison", Attributes: { MessageGroupId: "g" } });
  });

  it("refuse what SQS refuses, with its error names and messages", async () => {
    const { sqs, QueueUrl } = await fifoQueue();
    await expect(sqs.sendMessage({ QueueUrl, MessageBody: "x", MessageDeduplicationId: "d" })).rejects.toMatchObject({ name: "MissingParameter", message: expect.stringContaining("The request must contain the parameter MessageGroupId.") });
    await expect(sqs.sendMessage({ QueueUrl, MessageBody: "x", MessageGroupId: "g" })).rejects.toMatchObject({
      name: "InvalidParameterValue",
      message: "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly",
    });
    await expect(sqs.sendMessage({ QueueUrl, MessageBody: "x", MessageGroupId: "g", MessageDeduplicationId: "d", DelaySeconds: 5 })).rejects.toMatchObject({
      field: "DelaySeconds",
      message: expect.stringContaining("not valid for this queue type"),
    });
    await expect(sqs.sendMessage({ QueueUrl, MessageBody: "x", MessageGroupId: "g".repeat(129), MessageDeduplicationId: "d" })).rejects.toMatchObject({ field: "MessageGroupId" });
    const batch = await sqs.sendMessageBatch({ QueueUrl, Entries: [{ Id: "ok", MessageBody: "x", MessageGroupId: "g", MessageDeduplicationId: "1" }, { Id: "no-group", MessageBody: "y", MessageDeduplicationId: "2" }] });
    expect([batch.Successful.map((e) => e.Id), batch.Failed.map((e) => [e.Id, e.Code])]).toEqual([["ok"], [["no-group", "MissingParameter"]]]);

    await expect(sqs.createQueue({ QueueName: "plain", Attributes: { FifoQueue: "true" } })).rejects.toMatchObject({ field: "QueueName", message: expect.stringContaining("must end with .fifo suffix") });
    await expect(sqs.createQueue({ QueueName: "looks.fifo" })).rejects.toMatchObject({ field: "QueueName", message: expect.stringContaining('FifoQueue: "true"') });
    await expect(sqs.createQueue({ QueueName: "std", Attributes: { ContentBasedDeduplication: "true" } })).rejects.toMatchObject({ name: "InvalidAttributeName" });
    const standard = await sqs.createQueue({ QueueName: "standard" });
    const standardArn = (await sqs.getQueueAttributes({ QueueUrl: standard.QueueUrl })).Attributes["QueueArn"]!;
    await expect(sqs.createQueue({ QueueName: "x.fifo", Attributes: { FifoQueue: "true", RedrivePolicy: JSON.stringify({ deadLetterTargetArn: standardArn, maxReceiveCount: 3 }) } })).rejects.toMatchObject({
      message: expect.stringContaining("Dead-letter queue must be same type of queue as the source"),
    });
    await expect(sqs.sendMessage({ QueueUrl: standard.QueueUrl, MessageBody: "x", MessageDeduplicationId: "d" })).rejects.toMatchObject({ field: "MessageDeduplicationId" });
    // A standard queue takes a message group (fair queues) and reports it, without ordering by it.
    await sqs.sendMessage({ QueueUrl: standard.QueueUrl, MessageBody: "tenant", MessageGroupId: "tenant-1" });
    expect((await receive(sqs, standard.QueueUrl))[0]!.Attributes).toMatchObject({ MessageGroupId: "tenant-1" });
  });

  it("give every group's messages in send order to consumers that delete what they get, none lost, none twice", () =>
    fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom("a", "b", "c", "d"), fc.nat({ max: 3 })), { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 8 }),
        async (sends, batchSizes) => {
          const { sqs, QueueUrl } = await fifoQueue({ ContentBasedDeduplication: "true" });
          const sent: Record<string, string[]> = {};
          for (const [i, [group, copies]] of sends.entries()) {
            // Each body is sent 1-4 times in a row (a producer retrying): the copies are duplicates.
            for (let c = 0; c <= copies; c++) await sqs.sendMessage({ QueueUrl, MessageBody: `${group}-${i}`, MessageGroupId: group });
            (sent[group] ??= []).push(`${group}-${i}`);
          }
          const seen: Record<string, string[]> = {};
          for (let round = 0; ; round++) {
            const messages = await receive(sqs, QueueUrl, batchSizes[round % batchSizes.length]);
            if (messages.length === 0) break;
            for (const m of messages) {
              (seen[m.Attributes.MessageGroupId!] ??= []).push(m.Body);
              await sqs.deleteMessage({ QueueUrl, ReceiptHandle: m.ReceiptHandle });
            }
          }
          expect(seen).toEqual(sent);
        },
      ),
      { numRuns: 60, seed: 20190601 },
    ));
});
