// a3-poison (explain): the life of a poison job — one that makes every worker crash — in a queue with a
// redrive policy, when the workers ask for work every few seconds. The oracle is minicloud's SQS itself,
// on a virtual clock: the times it hands the message out, and when it moves it to the dead-letter queue.
import { createVirtualClock } from "../../../core/clock.js";
import { createSqs } from "../../../events/sqs/sqs-service.js";
import { generalThenYoursExercise } from "../general-then-yours.js";

type Args = [visibilityTimeout: number, maxReceiveCount: number, pollEvery: number];
type Timeline = { receivedAt: number[]; deadLetterAt: number };

const HINT =
  "Follow the clock: a received message is hidden for visibilityTimeout seconds, and the workers only see it again at their next poll after that. SQS moves a message to the dead-letter queue at the first receive after it has already been received maxReceiveCount times.";

/** Per student: the queue's visibility timeout and maxReceiveCount, and how often an idle worker asks for work. */
const PARAMETERS = {
  visibilityTimeout: [10, 20, 30, 45],
  maxReceiveCount: [2, 3, 4, 5],
  pollEvery: [1, 4, 7],
};

/** Seconds after it was sent at which SQS hands out a poison message, and moves it to its dead-letter queue. */
export async function poisonTimeline(...[visibilityTimeout, maxReceiveCount, pollEvery]: Args): Promise<Timeline> {
  const clock = createVirtualClock({ start: 0 });
  const sqs = createSqs({ clock });
  const { QueueUrl: dlqUrl } = await sqs.createQueue({ QueueName: "jobs-dlq" });
  const dlqArn = (await sqs.getQueueAttributes({ QueueUrl: dlqUrl })).Attributes["QueueArn"];
  const { QueueUrl } = await sqs.createQueue({
    QueueName: "jobs",
    Attributes: { VisibilityTimeout: String(visibilityTimeout), RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount }) },
  });
  await sqs.sendMessage({ QueueUrl, MessageBody: "poison" });
  const receivedAt: number[] = [];
  // The workers poll at 0, pollEvery, 2·pollEvery…; whoever receives the message crashes and never deletes it.
  for (let at = 0; ; at += pollEvery) {
    await clock.advanceTo(at * 1000);
    const { Messages } = await sqs.receiveMessage({ QueueUrl });
    if (Messages.length > 0) receivedAt.push(at);
    const inDlq = Number((await sqs.getQueueAttributes({ QueueUrl: dlqUrl })).Attributes["ApproximateNumberOfMessages"]);
    if (inDlq > 0) return { receivedAt, deadLetterAt: at };
    if (at > 1_000_000) throw new Error("expected the poison message to reach the dead-letter queue");
  }
}

export const poisonExercise = generalThenYoursExercise<Args, Timeline, Timeline>({
  id: "a3-poison",
  title: "The life of a poison job",
  hint: HINT,
  parameters: PARAMETERS,
  general: "poisonTimeline",
  own: "yourTimeline",
  reference: poisonTimeline,
  inputs: (fc) => fc.tuple(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 30 })),
  runs: 150,
  mine: (values) => {
    const mine: Args = [Number(values["visibilityTimeout"]), Number(values["maxReceiveCount"]), Number(values["pollEvery"])];
    return {
      examples: [mine],
      expected: () => poisonTimeline(...mine),
      describe: `your queue: visibilityTimeout ${mine[0]} s, maxReceiveCount ${mine[1]}; the workers poll every ${mine[2]} s`,
    };
  },
});
