import { arn } from "../../core/arn.js";
import { MinicloudError } from "../../core/errors.js";

/** An event bus, as DescribeEventBus and ListEventBuses describe it. */
export interface EventBus {
  Name: string;
  Arn: string;
  Description?: string;
  CreationTime: Date;
  LastModifiedTime: Date;
}

/** Every account has this bus; AWS services send their events to it, and schedule rules live on it. */
export const DEFAULT_BUS = "default";

const BUS_NAME = /^[/.\-_A-Za-z0-9]{1,256}$/;
const BUS_ARN = /^arn:aws:events:[^:]+:\d{12}:event-bus\/(.+)$/;

/** EventBridge's ValidationException, naming the field. */
export function eventBridgeValidation(field: string, message: string): MinicloudError {
  return new MinicloudError("ValidationException", message, { field, statusCode: 400 });
}

/** The bus does not exist: EventBridge's ResourceNotFoundException. */
export function busNotFound(name: string, field = "EventBusName"): MinicloudError {
  return new MinicloudError("ResourceNotFoundException", `Event bus ${name} does not exist. Create it with createEventBus, or leave EventBusName out for the default bus.`, { field, statusCode: 400 });
}

/** An event bus's ARN: `arn:aws:events:<region>:<account>:event-bus/<name>`. */
export function busArn(name: string): string {
  return arn("events", `event-bus/${name}`);
}

/** The bus a request names, by name or by ARN; the default bus when it names none. */
export function busNameOf(nameOrArn: unknown, field = "EventBusName"): string {
  if (nameOrArn === undefined) return DEFAULT_BUS;
  if (typeof nameOrArn !== "string") throw eventBridgeValidation(field, `${field} must be a bus name or ARN; got ${String(nameOrArn)}.`);
  return BUS_ARN.exec(nameOrArn)?.[1] ?? nameOrArn;
}

/**
 * Checks a new custom bus's name: 1-256 of letters, digits, `.`, `-`, `_` and `/`; not `default`, and not
 * starting with `aws.` (partner buses have names of that form, and minicloud has none).
 * @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateEventBus.html
 */
export function validateBusName(name: unknown): string {
  if (typeof name !== "string" || !BUS_NAME.test(name)) {
    throw eventBridgeValidation("Name", `Name must be 1-256 letters, digits, '.', '-', '_' or '/'; got ${String(name)}.`);
  }
  if (name === DEFAULT_BUS || name.startsWith("aws.")) throw eventBridgeValidation("Name", `Event bus name ${name} is reserved: choose another name.`);
  return name;
}
