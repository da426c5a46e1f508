import { randomBytes } from "node:crypto";
import { region } from "../../core/arn.js";
import { baseType, binaryBase64, type SnsMessageAttributeValue as MessageAttributeValue } from "./sns-message-attributes.js";

/** One published message, as SNS keeps it while it fans it out. */
export interface PublishedMessage {
  messageId: string;
  topicArn: string;
  message: string;
  subject?: string;
  attributes: Record<string, MessageAttributeValue>;
  /** Epoch ms. */
  time: number;
}

/** A message attribute as SNS writes it in notifications: `{ Type, Value }`, binary values in base64. */
function notificationAttributes(attributes: Record<string, MessageAttributeValue>): Record<string, { Type: string; Value: string }> {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, value]) => [name, { Type: value.DataType, Value: baseType(value.DataType) === "Binary" ? binaryBase64(value) : (value.StringValue ?? "") }]),
  );
}

/** SNS signs every notification; minicloud's signature has the size and alphabet of a real one (it verifies nothing). */
function signature(): { SignatureVersion: string; Signature: string; certUrl: string } {
  return {
    SignatureVersion: "1",
    Signature: randomBytes(256).toString("base64"),
    certUrl: `https://sns.${region()}.amazonaws.com/SimpleNotificationService-${randomBytes(16).toString("hex")}.pem`,
  };
}

function unsubscribeUrl(subscriptionArn: string): string {
  return `https://sns.${region()}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`;
}

/**
 * The event a Lambda subscriber receives (one record per notification). Subject is null when the
 * publisher gave none, and MessageAttributes is always there, as SNS sends them.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html
 */
export function snsLambdaEvent(message: PublishedMessage, subscriptionArn: string, text: string): { Records: Record<string, unknown>[] } {
  const signed = signature();
  return {
    Records: [
      {
        EventSource: "aws:sns",
        EventVersion: "1.0",
        EventSubscriptionArn: subscriptionArn,
        Sns: {
          Type: "Notification",
          MessageId: message.messageId,
          TopicArn: message.topicArn,
          Subject: message.subject ?? null,
          Message: text,
          Timestamp: new Date(message.time).toISOString(),
          SignatureVersion: signed.SignatureVersion,
          Signature: signed.Signature,
          SigningCertUrl: signed.certUrl,
          UnsubscribeUrl: unsubscribeUrl(subscriptionArn),
          MessageAttributes: notificationAttributes(message.attributes),
        },
      },
    ],
  };
}

/**
 * The JSON envelope an SQS subscriber receives as its message body without raw message delivery (note
 * `SigningCertURL` and `UnsubscribeURL`, spelled as in HTTP notifications, unlike Lambda's event).
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html
 */
export function snsEnvelope(message: PublishedMessage, subscriptionArn: string, text: string): string {
  const signed = signature();
  const attributes = notificationAttributes(message.attributes);
  return JSON.stringify({
    Type: "Notification",
    MessageId: message.messageId,
    TopicArn: message.topicArn,
    ...(message.subject !== undefined ? { Subject: message.subject } : {}),
    Message: text,
    Timestamp: new Date(message.time).toISOString(),
    SignatureVersion: signed.SignatureVersion,
    Signature: signed.Signature,
    SigningCertURL: signed.certUrl,
    UnsubscribeURL: unsubscribeUrl(subscriptionArn),
    ...(Object.keys(attributes).length > 0 ? { MessageAttributes: attributes } : {}),
  });
}
