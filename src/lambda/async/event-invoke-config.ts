import { MinicloudError } from "../../core/errors.js";

/** PutFunctionEventInvokeConfig's settings, in AWS's names. */
export interface EventInvokeConfig {
  /** 0–2 (default 2): how many times a failed asynchronous invocation is retried. */
  MaximumRetryAttempts?: number;
  /** 60–21600 s (default 21600, six hours): how long an event may wait before it is given up. */
  MaximumEventAgeInSeconds?: number;
  /** Where the invocation record goes: a Lambda function's, an SQS queue's or an SNS topic's ARN. */
  DestinationConfig?: { OnSuccess?: { Destination?: string }; OnFailure?: { Destination?: string } };
}

/** The defaults AWS applies when a function has no event invoke config. */
export const DEFAULT_EVENT_INVOKE_CONFIG = { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 21_600 } as const;

/** An SQS queue's or SNS topic's ARN: where a dead-letter queue may be. */
export const QUEUE_OR_TOPIC_ARN = /^arn:aws:(sqs:[^:]+:\d{12}:[a-zA-Z0-9_-]{1,80}|sns:[^:]+:\d{12}:[a-zA-Z0-9_-]{1,256})$/;
/** A Lambda function's ARN (unqualified). */
export const FUNCTION_ARN = /^arn:aws:lambda:[^:]+:\d{12}:function:[a-zA-Z0-9-_]+$/;

/** Checks an event invoke config as AWS does, naming the field to fix. */
export function validateEventInvokeConfig(config: EventInvokeConfig): void {
  const retries = config.MaximumRetryAttempts;
  if (retries !== undefined && !(Number.isInteger(retries) && retries >= 0 && retries <= 2)) {
    throw new MinicloudError("InvalidParameterValueException", `MaximumRetryAttempts must be 0, 1 or 2; got ${retries}.`, { field: "MaximumRetryAttempts" });
  }
  const age = config.MaximumEventAgeInSeconds;
  if (age !== undefined && !(Number.isInteger(age) && age >= 60 && age <= 21_600)) {
    throw new MinicloudError("InvalidParameterValueException", `MaximumEventAgeInSeconds must be a whole number from 60 to 21600; got ${age}.`, { field: "MaximumEventAgeInSeconds" });
  }
  for (const kind of ["OnSuccess", "OnFailure"] as const) {
    const destination = config.DestinationConfig?.[kind]?.Destination;
    if (destination !== undefined && !FUNCTION_ARN.test(destination) && !QUEUE_OR_TOPIC_ARN.test(destination)) {
      throw new MinicloudError(
        "InvalidParameterValueException",
        `DestinationConfig.${kind}.Destination must be the ARN of a Lambda function, an SQS queue or an SNS topic; got ${destination}.`,
        { field: `DestinationConfig.${kind}.Destination` },
      );
    }
  }
}

/** The record a destination receives (AWS's invocation record format, version 1.0). */
export interface InvocationRecord {
  version: "1.0";
  timestamp: string;
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: "Success" | "RetriesExhausted" | "EventAgeExceeded";
    approximateInvokeCount: number;
  };
  requestPayload: unknown;
  responseContext: { statusCode: number; executedVersion: string; functionError?: string };
  responsePayload: unknown;
}
