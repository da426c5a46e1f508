import { randomUUID } from "node:crypto";
import type { StoredMessage } from "./message-queue.js";

/**
 * How a queue keeps its messages. A standard queue (message-queue.ts) hands out any visible message; a
 * FIFO queue (fifo-message-queue.ts) hands them out in order per message group, one group holder at a time.
 */
export interface MessageStore {
  /** Adds a message, visible at once or after its delay. */
  add(message: StoredMessage, visibleAt: number, now: number): void;
  /**
   * Takes up to `max` receivable messages and hides each for `visibilityMs`. `admit` sees each message first
   * and may keep it from being received (it expired, or goes to the dead-letter queue).
   */
  take(max: number, visibilityMs: number, now: number, admit: (m: StoredMessage) => boolean): StoredMessage[];
  /** Deletes the message a receipt handle belongs to; false when the handle is not (or no longer) valid. */
  delete(receipt: string): boolean;
  /** Makes an in-flight message visible `visibilityMs` from now (0: at once); false for an unknown handle. */
  changeVisibility(receipt: string, visibilityMs: number, now: number): boolean;
  /** How many messages are visible, in flight (received, not yet deleted) and delayed. */
  counts(now: number): { visible: number; inFlight: number; delayed: number };
}

/**
 * Records a receive of a message: one more receive, the time of the first, and a new receipt handle — the
 * only one that deletes it from now on.
 */
export function giveReceipt(message: StoredMessage, now: number, byReceipt: Map<string, StoredMessage>): void {
  if (message.receipt !== undefined) byReceipt.delete(message.receipt);
  message.receiveCount++;
  message.firstReceive ??= now;
  message.receipt = `${message.id}#${randomUUID()}`;
  byReceipt.set(message.receipt, message);
}
