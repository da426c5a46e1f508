import { MinicloudError } from "../../core/errors.js";
import type { MessageAttributeValue } from "../sqs/message-attributes.js";
import type { SendMessageRequest, Sqs, SqsMessage } from "../sqs/sqs-service.js";
import type { ServiceProtocol } from "./endpoint-request.js";
import { jsonErrorReply, jsonInput, jsonReply, operationIn, operationName, refuseMembers, requireMembers } from "./json-protocol.js";

type Input = Record<string, unknown>;
type WireAttributes = Record<string, { DataType: string; StringValue?: string; BinaryValue?: string }>;

/** FIFO-queue members: minicloud's queues are standard queues. */
const FIFO_MEMBERS = ["MessageDeduplicationId", "MessageGroupId"];

/** Message attributes as JSON carries them (binary values in base64) → as the queue keeps them (which checks them). */
function attributesIn(attributes: unknown): Record<string, MessageAttributeValue> | undefined {
  if (attributes === undefined || attributes === null || typeof attributes !== "object") return attributes as Record<string, MessageAttributeValue> | undefined;
  return Object.fromEntries(
    Object.entries(attributes as WireAttributes).map(([name, v]) => [name, { ...v, ...(typeof v?.BinaryValue === "string" ? { BinaryValue: new Uint8Array(Buffer.from(v.BinaryValue, "base64")) } : {}) }]),
  ) as Record<string, MessageAttributeValue>;
}

function sendRequest(input: Input, fieldPrefix = ""): Omit<SendMessageRequest, "QueueUrl"> {
  refuseMembers(input, FIFO_MEMBERS, "SQS (its queues are standard queues)", { errorName: "InvalidParameterValue", fieldPrefix });
  const MessageAttributes = attributesIn(input["MessageAttributes"]);
  return {
    MessageBody: input["MessageBody"] as string,
    ...(input["DelaySeconds"] !== undefined ? { DelaySeconds: input["DelaySeconds"] as number } : {}),
    ...(MessageAttributes !== undefined ? { MessageAttributes } : {}),
  };
}

/** Only the system attributes asked for, by AttributeNames or MessageSystemAttributeNames ("All" for all), as SQS answers. */
function withAskedAttributes(message: SqsMessage, input: Input): Omit<SqsMessage, "Attributes"> & { Attributes?: Record<string, string> } {
  const asked = [...((input["AttributeNames"] as string[] | undefined) ?? []), ...((input["MessageSystemAttributeNames"] as string[] | undefined) ?? [])];
  const { Attributes, ...rest } = message;
  const kept = Object.entries(Attributes).filter(([name]) => asked.includes("All") || asked.includes(name));
  return kept.length === 0 ? rest : { ...rest, Attributes: Object.fromEntries(kept) };
}

/** Runs each entry of a batch on its own: its Id in Successful, or in Failed with the error's code. */
async function eachEntry(input: Input, run: (entry: Input) => Promise<object>): Promise<{ Successful: object[]; Failed: object[] }> {
  const entries = input["Entries"];
  if (!Array.isArray(entries) || entries.length === 0) throw new MinicloudError("AWS.SimpleQueueService.EmptyBatchRequest", "There should be at least one entry in the request.", { field: "Entries" });
  if (entries.length > 10) throw new MinicloudError("AWS.SimpleQueueService.TooManyEntriesInBatchRequest", `Maximum number of entries per request are 10. You have sent ${entries.length}.`, { field: "Entries" });
  const Successful: object[] = [];
  const Failed: object[] = [];
  for (const entry of entries as Input[]) {
    try {
      Successful.push({ Id: entry["Id"], ...(await run(entry)) });
    } catch (error) {
      if (!(error instanceof MinicloudError)) throw error;
      Failed.push({ Id: entry["Id"], SenderFault: true, Code: error.name, Message: error.message });
    }
  }
  return { Successful, Failed };
}

const url = (input: Input) => input["QueueUrl"] as string;

const REQUIRED: Record<string, string[]> = {
  SendMessage: ["QueueUrl", "MessageBody"],
  SendMessageBatch: ["QueueUrl", "Entries"],
  ReceiveMessage: ["QueueUrl"],
  DeleteMessage: ["QueueUrl", "ReceiptHandle"],
  DeleteMessageBatch: ["QueueUrl", "Entries"],
  ChangeMessageVisibility: ["QueueUrl", "ReceiptHandle", "VisibilityTimeout"],
  GetQueueUrl: ["QueueName"],
  GetQueueAttributes: ["QueueUrl"],
  CreateQueue: ["QueueName"],
};

const missing = (member: string) => new MinicloudError("MissingParameter", `The request must contain the parameter ${member}.`, { field: member });

const OPERATIONS: Record<string, (sqs: Sqs, input: Input, signal: AbortSignal) => Promise<unknown>> = {
  SendMessage: (sqs, i) => sqs.sendMessage({ QueueUrl: url(i), ...sendRequest(i) }),
  SendMessageBatch: async (sqs, i) => {
    const entries = (i["Entries"] ?? []) as Input[];
    return sqs.sendMessageBatch({ QueueUrl: url(i), Entries: entries.map((e) => ({ Id: e["Id"] as string, ...sendRequest(e, `Entries.${entries.indexOf(e)}.`) })) });
  },
  ReceiveMessage: async (sqs, i, signal) => {
    const { Messages } = await sqs.receiveMessage({ QueueUrl: url(i), ...(i as object) }, { signal });
    return Messages.length === 0 ? {} : { Messages: Messages.map((m) => withAskedAttributes(m, i)) };
  },
  DeleteMessage: (sqs, i) => sqs.deleteMessage({ QueueUrl: url(i), ReceiptHandle: i["ReceiptHandle"] as string }).then(() => ({})),
  DeleteMessageBatch: (sqs, i) => eachEntry(i, (e) => sqs.deleteMessage({ QueueUrl: url(i), ReceiptHandle: e["ReceiptHandle"] as string }).then(() => ({}))),
  ChangeMessageVisibility: (sqs, i) => sqs.changeMessageVisibility({ QueueUrl: url(i), ReceiptHandle: i["ReceiptHandle"] as string, VisibilityTimeout: i["VisibilityTimeout"] as number }).then(() => ({})),
  GetQueueUrl: (sqs, i) => sqs.getQueueUrl({ QueueName: i["QueueName"] as string }),
  GetQueueAttributes: async (sqs, i) => {
    const asked = (i["AttributeNames"] as string[] | undefined) ?? [];
    const { Attributes } = await sqs.getQueueAttributes({ QueueUrl: url(i) });
    const kept = Object.entries(Attributes).filter(([name]) => asked.includes("All") || asked.includes(name));
    return kept.length === 0 ? {} : { Attributes: Object.fromEntries(kept) };
  },
  CreateQueue: (sqs, i) => sqs.createQueue({ QueueName: i["QueueName"] as string, ...(i["Attributes"] !== undefined ? { Attributes: i["Attributes"] as Record<string, string> } : {}) }),
};

/** SQS's JSON shape names, where they differ from the query-protocol code the store's errors carry. */
const SHAPES: Record<string, string> = { "AWS.SimpleQueueService.NonExistentQueue": "QueueDoesNotExist" };

/**
 * SQS's AWS JSON 1.0 protocol (X-Amz-Target `AmazonSQS.<Operation>`), as the current SDK speaks it, over
 * the session's SQS. MD5OfMessageBody and MD5OfBody are the store's MD5s, which the SDK checks. Errors
 * carry both the JSON `__type` and the query-compatible `x-amzn-query-error: <code>;Sender` header, as
 * SQS sends them, so the SDK raises its own classes (QueueDoesNotExist...).
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-json-api-responses.html
 */
export function sqsJsonProtocol(sqs: Sqs): ServiceProtocol {
  return {
    // Ten messages of 256 KB, and room for their attributes.
    maxBodyBytes: 4 * 1024 * 1024,
    async handle(request) {
      const operation = operationIn(request, OPERATIONS, "SQS");
      const input = jsonInput(request);
      requireMembers(input, REQUIRED[operationName(request)], missing);
      return jsonReply(request, await operation(sqs, input, request.signal));
    },
    errorReply(error, request) {
      if (!(error instanceof MinicloudError)) return jsonErrorReply(request.requestId, "com.amazonaws.sqs#InternalError", `We encountered an internal error: ${(error as Error).message}`, 500);
      const shape = SHAPES[error.name] ?? error.name.replace(/^AWS\.SimpleQueueService\./, "");
      return jsonErrorReply(request.requestId, `com.amazonaws.sqs#${shape}`, error.message, error.statusCode, { "x-amzn-query-error": `${error.name};Sender` });
    },
  };
}
