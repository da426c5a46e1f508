import { randomUUID } from "node:crypto";
import { ACCOUNT_ID, arn } from "../../core/arn.js";
import type { Clock } from "../../core/clock.js";
import { MinicloudError } from "../../core/errors.js";
import { attributesSize, validateSnsMessageAttributes, type SnsMessageAttributeValue as MessageAttributeValue } from "./sns-message-attributes.js";
import type { Deliver } from "../targets.js";
import { attributesForFiltering, matchesFilterPolicy, parseFilterPolicy, type FilterPolicyScope, type ParsedFilterPolicy } from "./filter-policy.js";
import { snsEnvelope, snsLambdaEvent, type PublishedMessage } from "./sns-message.js";

/** SNS caps a message (body, subject and attributes together) at 256 KB. */
export const MAX_SNS_MESSAGE_BYTES = 256 * 1024;

/** A subscription, as ListSubscriptionsByTopic describes it. */
export interface Subscription {
  SubscriptionArn: string;
  Owner: string;
  Protocol: "lambda" | "sqs";
  Endpoint: string;
  TopicArn: string;
}

/** Publish's request, in AWS's names. */
export interface PublishRequest {
  /** The topic (TargetArn is accepted as its synonym). */
  TopicArn?: string;
  TargetArn?: string;
  Message: string;
  /** At most 100 printable ASCII characters; SQS envelopes and Lambda events carry it. */
  Subject?: string;
  MessageAttributes?: Record<string, MessageAttributeValue>;
  /** "json": Message is a JSON object with a `default` text and optional per-protocol ones (`lambda`, `sqs`). */
  MessageStructure?: "json";
}

/** A notification SNS could not hand over (the function or queue was not there); AWS would retry, then drop it. */
export interface FailedDelivery {
  SubscriptionArn: string;
  Endpoint: string;
  MessageId: string;
}

/** Options for {@link createSns}. */
export interface SnsOptions {
  clock: Clock;
  /** Hands a notification to a subscriber's endpoint: a function is invoked asynchronously, a queue receives it. */
  deliver: Deliver;
}

interface StoredSubscription extends Subscription {
  raw: boolean;
  filterPolicy?: ParsedFilterPolicy;
  /** Kept even without a policy, as SNS does, and applied to the next one. */
  filterPolicyScope: FilterPolicyScope;
}

const TOPIC_NAME = /^[a-zA-Z0-9_-]{1,256}$/;
const TOPIC_ARN = /^arn:aws:sns:[^:]+:\d{12}:[a-zA-Z0-9_-]{1,256}$/;
const ENDPOINTS = {
  lambda: { pattern: /^arn:aws:lambda:[^:]+:\d{12}:function:[a-zA-Z0-9-_]+(:[a-zA-Z0-9$_-]+)?$/, what: "a Lambda function ARN" },
  sqs: { pattern: /^arn:aws:sqs:[^:]+:\d{12}:[a-zA-Z0-9_-]{1,80}$/, what: "an SQS queue ARN (the QueueArn from getQueueAttributes)" },
} as const;

function invalid(field: string, message: string): MinicloudError {
  return new MinicloudError("InvalidParameter", `Invalid parameter: ${message}`, { field, statusCode: 400 });
}

function notFound(field: string, message: string): MinicloudError {
  return new MinicloudError("NotFound", message, { field, statusCode: 404 });
}

/**
 * minicloud's SNS: standard topics, `lambda` and `sqs` subscriptions (raw message delivery, filter
 * policies on attributes or the body), and Publish fanning a message out to every matching subscriber:
 * functions are invoked asynchronously with an SNS event, queues get SNS's JSON envelope or the raw message.
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-lambda-as-subscriber.html
 */
export function createSns(options: SnsOptions) {
  const { clock } = options;
  const topics = new Map<string, { attributes: Record<string, string>; subscriptions: Map<string, StoredSubscription> }>();
  const failedDeliveries: FailedDelivery[] = [];

  const topicOf = (topicArn: unknown, field = "TopicArn") => {
    if (typeof topicArn !== "string" || !TOPIC_ARN.test(topicArn)) throw invalid(field, `${field} is not a topic ARN (arn:aws:sns:<region>:<account>:<name>): ${String(topicArn)}.`);
    const topic = topics.get(topicArn);
    if (!topic) throw notFound(field, `Topic does not exist: ${topicArn}. Create it with createTopic first.`);
    return topic;
  };
  const subscriptionOf = (subscriptionArn: string): StoredSubscription => {
    const topicArn = String(subscriptionArn).split(":").slice(0, 6).join(":");
    const found = topics.get(topicArn)?.subscriptions.get(subscriptionArn);
    if (!found) throw notFound("SubscriptionArn", `Subscription does not exist: ${subscriptionArn}.`);
    return found;
  };

  const setAttribute = (subscription: StoredSubscription, name: string, value: string, onSubscribe = false): void => {
    if (name === "RawMessageDelivery") {
      if (value !== "true" && value !== "false") throw invalid("Attributes.RawMessageDelivery", `RawMessageDelivery is "true" or "false"; got ${value}.`);
      if (subscription.Protocol === "lambda" && value === "true") {
        throw invalid("Attributes.RawMessageDelivery", "Attributes Reason: Delivery protocol [lambda] does not support raw message delivery.");
      }
      subscription.raw = value === "true";
    } else if (name === "FilterPolicy") {
      if (value === "") delete subscription.filterPolicy;
      else subscription.filterPolicy = parseFilterPolicy(value, subscription.filterPolicyScope, { onSubscribe });
    } else if (name === "FilterPolicyScope") {
      if (value !== "MessageAttributes" && value !== "MessageBody") {
        throw invalid("Attributes.FilterPolicyScope", `FilterPolicyScope: Invalid value [${value}]. Please use either MessageBody or MessageAttributes`);
      }
      // The policy in place must suit the new scope (a nested one cannot move to MessageAttributes).
      if (subscription.filterPolicy) subscription.filterPolicy = parseFilterPolicy(subscription.filterPolicy.text, value, { onSubscribe });
      subscription.filterPolicyScope = value;
    } else {
      throw invalid(`Attributes.${name}`, `AttributeName: minicloud's subscriptions take RawMessageDelivery, FilterPolicy and FilterPolicyScope; got ${name}.`);
    }
  };

  const passes = (subscription: StoredSubscription, message: PublishedMessage): boolean => {
    const filter = subscription.filterPolicy;
    if (!filter) return true;
    if (subscription.filterPolicyScope === "MessageAttributes") return matchesFilterPolicy(filter, attributesForFiltering(message.attributes));
    try {
      return matchesFilterPolicy(filter, JSON.parse(message.message));
    } catch {
      return false; // a body that is not JSON matches no body policy
    }
  };

  const deliver = async (subscription: StoredSubscription, message: PublishedMessage, text: string): Promise<void> => {
    const { SubscriptionArn, Endpoint } = subscription;
    const notification =
      subscription.Protocol === "lambda"
        ? { body: JSON.stringify(snsLambdaEvent(message, SubscriptionArn, text)) }
        : subscription.raw
          ? { body: text, attributes: message.attributes }
          : { body: snsEnvelope(message, SubscriptionArn, text) };
    if (!(await options.deliver(Endpoint, notification))) failedDeliveries.push({ SubscriptionArn, Endpoint, MessageId: message.messageId });
  };

  /** The text each protocol gets: the message, or with MessageStructure "json" its per-protocol entry. */
  const textsOf = (request: PublishRequest): ((protocol: string) => string) => {
    if (request.MessageStructure === undefined) return () => request.Message;
    if (request.MessageStructure !== "json") throw invalid("MessageStructure", `MessageStructure is "json" or absent; got ${String(request.MessageStructure)}.`);
    let texts: Record<string, unknown>;
    try {
      texts = JSON.parse(request.Message) as Record<string, unknown>;
    } catch {
      throw invalid("Message", "Message Structure - JSON message body failed to parse.");
    }
    if (typeof texts?.["default"] !== "string") throw invalid("Message", 'Message Structure - No default entry in JSON message body (give { "default": "..." }).');
    return (protocol) => (typeof texts[protocol] === "string" ? (texts[protocol] as string) : (texts["default"] as string));
  };

  return {
    /** Notifications that could not be handed to their subscriber (for a learner to look at). */
    failedDeliveries,

    /** CreateTopic: idempotent, as on AWS (the same name gives the same ARN). */
    async createTopic(request: { Name: string; Attributes?: Record<string, string> }): Promise<{ TopicArn: string }> {
      if (typeof request.Name !== "string" || !TOPIC_NAME.test(request.Name)) {
        throw invalid("Name", `Topic Name: 1-256 letters, digits, hyphens and underscores (minicloud has standard topics, not FIFO); got "${String(request.Name)}".`);
      }
      const topicArn = arn("sns", request.Name);
      if (!topics.has(topicArn)) topics.set(topicArn, { attributes: { DisplayName: "", ...request.Attributes }, subscriptions: new Map() });
      return { TopicArn: topicArn };
    },

    /** DeleteTopic: removes its subscriptions too; deleting a topic that is not there is not an error. */
    async deleteTopic(request: { TopicArn: string }): Promise<void> {
      if (typeof request.TopicArn !== "string" || !TOPIC_ARN.test(request.TopicArn)) throw invalid("TopicArn", `TopicArn is not a topic ARN: ${String(request.TopicArn)}.`);
      topics.delete(request.TopicArn);
    },

    /** ListTopics. */
    async listTopics(): Promise<{ Topics: { TopicArn: string }[] }> {
      return { Topics: [...topics.keys()].sort().map((TopicArn) => ({ TopicArn })) };
    },

    /** GetTopicAttributes. */
    async getTopicAttributes(request: { TopicArn: string }): Promise<{ Attributes: Record<string, string> }> {
      const topic = topicOf(request.TopicArn);
      return {
        Attributes: { ...topic.attributes, TopicArn: request.TopicArn, Owner: ACCOUNT_ID, SubscriptionsConfirmed: String(topic.subscriptions.size), SubscriptionsPending: "0", SubscriptionsDeleted: "0" },
      };
    },

    /** Subscribe: a `lambda` (function ARN) or `sqs` (queue ARN) endpoint, confirmed at once as AWS does for these protocols. */
    async subscribe(request: { TopicArn: string; Protocol: string; Endpoint: string; Attributes?: Record<string, string>; ReturnSubscriptionArn?: boolean }): Promise<{ SubscriptionArn: string }> {
      const topic = topicOf(request.TopicArn);
      const protocol = String(request.Protocol).toLowerCase();
      if (protocol !== "lambda" && protocol !== "sqs") {
        throw invalid("Protocol", `Protocol: minicloud delivers to lambda and sqs subscribers (not ${String(request.Protocol)}).`);
      }
      const endpoint = ENDPOINTS[protocol];
      if (typeof request.Endpoint !== "string" || !endpoint.pattern.test(request.Endpoint)) {
        throw invalid("Endpoint", `${protocol} endpoint must be ${endpoint.what}; got ${String(request.Endpoint)}.`);
      }
      const subscription: StoredSubscription = { SubscriptionArn: `${request.TopicArn}:${randomUUID()}`, Owner: ACCOUNT_ID, Protocol: protocol, Endpoint: request.Endpoint, TopicArn: request.TopicArn, raw: false, filterPolicyScope: "MessageAttributes" };
      // The scope first, so that the policy is checked for the scope it will have, whatever order they came in.
      const attributes = Object.entries(request.Attributes ?? {}).sort(([a], [b]) => (a === "FilterPolicyScope" ? -1 : b === "FilterPolicyScope" ? 1 : 0));
      for (const [name, value] of attributes) setAttribute(subscription, name, value, true);
      // Subscribing again is idempotent, as long as the attributes are the same.
      const existing = [...topic.subscriptions.values()].find((s) => s.Protocol === protocol && s.Endpoint === request.Endpoint);
      if (existing) {
        const settings = (s: StoredSubscription) => JSON.stringify([s.raw, s.filterPolicy?.text, s.filterPolicyScope]);
        if (settings(existing) !== settings(subscription)) throw invalid("Attributes", "Attributes Reason: Subscription already exists with different attributes.");
        return { SubscriptionArn: existing.SubscriptionArn };
      }
      topic.subscriptions.set(subscription.SubscriptionArn, subscription);
      return { SubscriptionArn: subscription.SubscriptionArn };
    },

    /** Unsubscribe. */
    async unsubscribe(request: { SubscriptionArn: string }): Promise<void> {
      const subscription = subscriptionOf(request.SubscriptionArn);
      topics.get(subscription.TopicArn)?.subscriptions.delete(subscription.SubscriptionArn);
    },

    /** ListSubscriptionsByTopic. */
    async listSubscriptionsByTopic(request: { TopicArn: string }): Promise<{ Subscriptions: Subscription[] }> {
      const topic = topicOf(request.TopicArn);
      return { Subscriptions: [...topic.subscriptions.values()].map(({ SubscriptionArn, Owner, Protocol, Endpoint, TopicArn }) => ({ SubscriptionArn, Owner, Protocol, Endpoint, TopicArn })) };
    },

    /** GetSubscriptionAttributes. */
    async getSubscriptionAttributes(request: { SubscriptionArn: string }): Promise<{ Attributes: Record<string, string> }> {
      const s = subscriptionOf(request.SubscriptionArn);
      return {
        Attributes: {
          SubscriptionArn: s.SubscriptionArn,
          TopicArn: s.TopicArn,
          Owner: s.Owner,
          Protocol: s.Protocol,
          Endpoint: s.Endpoint,
          ConfirmationWasAuthenticated: "true",
          PendingConfirmation: "false",
          RawMessageDelivery: String(s.raw),
          ...(s.filterPolicy ? { FilterPolicy: s.filterPolicy.text, FilterPolicyScope: s.filterPolicyScope } : {}),
        },
      };
    },

    /** SetSubscriptionAttributes: RawMessageDelivery, FilterPolicy or FilterPolicyScope. */
    async setSubscriptionAttributes(request: { SubscriptionArn: string; AttributeName: string; AttributeValue: string }): Promise<void> {
      setAttribute(subscriptionOf(request.SubscriptionArn), request.AttributeName, request.AttributeValue);
    },

    /** Publish: fans the message out to every subscriber whose filter policy it passes; answers with its MessageId. */
    async publish(request: PublishRequest): Promise<{ MessageId: string }> {
      const topicArn = request.TopicArn ?? request.TargetArn;
      const topic = topicOf(topicArn, request.TopicArn === undefined ? "TargetArn" : "TopicArn");
      if (typeof request.Message !== "string" || request.Message === "") throw invalid("Message", "Empty message: Message must be a non-empty string.");
      const subject = request.Subject;
      if (subject !== undefined && (typeof subject !== "string" || subject === "" || subject.length >= 100 || !/^[!-~][ -~]*$/.test(subject))) {
        throw invalid("Subject", "Subject must be ASCII text that begins with a letter, number, or punctuation mark; must not include line breaks or control characters; and must be less than 100 characters long.");
      }
      validateSnsMessageAttributes(request.MessageAttributes, { errorName: "InvalidParameter", allowArrays: true });
      const size = Buffer.byteLength(request.Message) + Buffer.byteLength(subject ?? "") + attributesSize(request.MessageAttributes);
      if (size > MAX_SNS_MESSAGE_BYTES) {
        throw invalid("Message", `Message too long: ${size} bytes with its subject and attributes; SNS takes at most ${MAX_SNS_MESSAGE_BYTES} bytes (256 KB). Put large payloads in S3 and publish their key.`);
      }
      const textFor = textsOf(request);
      const message: PublishedMessage = {
        messageId: randomUUID(),
        topicArn: topicArn!,
        message: request.Message,
        ...(subject !== undefined ? { subject } : {}),
        attributes: structuredClone(request.MessageAttributes ?? {}),
        time: clock.now(),
      };
      const targets = [...topic.subscriptions.values()].filter((s) => passes(s, message));
      await Promise.all(targets.map((s) => deliver(s, message, textFor(s.Protocol))));
      return { MessageId: message.messageId };
    },

    /** Whether a topic ARN names a topic of this session. */
    hasTopic(topicArn: string): boolean {
      return topics.has(topicArn);
    },
  };
}

/** minicloud's SNS service (see {@link createSns}). */
export type Sns = ReturnType<typeof createSns>;
