import type { StoredMessage } from "./message-queue.js";
import { giveReceipt, type MessageStore } from "./message-store.js";

/** What SendMessage answers for a message: its id and sequence number, also for a duplicate of it. */
export interface Accepted {
  message: StoredMessage;
  duplicate: boolean;
}

/** SQS remembers a deduplication id for five minutes, even after its message is deleted. */
export const DEDUPLICATION_WINDOW_MS = 5 * 60_000;

/**
 * The messages of a FIFO queue: one ordered list per message group. A receive takes the first messages of
 * the groups that have none in flight — as many of one group as it can before the next — so a group's
 * messages are processed one batch at a time, in the order they were sent. A message whose visibility
 * timeout ends goes back to its place at the head of its group, not to the back of the queue. Duplicates
 * (the same deduplication id within five minutes) are accepted and dropped, answering as the first one.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/FIFO-queues-understanding-logic.html
 */
export class FifoMessageQueue implements MessageStore {
  /** Group id → its messages in order; a group is removed once empty. Map order is the order groups appeared. */
  readonly #groups = new Map<string, StoredMessage[]>();
  readonly #byReceipt = new Map<string, StoredMessage>();
  /** When each hidden (in flight or delayed) message becomes visible. */
  readonly #hiddenUntil = new Map<StoredMessage, number>();
  readonly #deduplication = new Map<string, { until: number; message: StoredMessage }>();
  #sequence = 18_849_496_460_467_696_128n;

  /** The deduplication key of a message: its id, within its group when DeduplicationScope is messageGroup. */
  static deduplicationKey(message: StoredMessage, scope: "queue" | "messageGroup"): string {
    return scope === "messageGroup" ? `${message.groupId}\u0000${message.deduplicationId}` : message.deduplicationId!;
  }

  /**
   * Adds a sent message unless it duplicates one sent within the deduplication window; either way answers
   * the message SQS reports (the original for a duplicate). Sequence numbers grow, but not one by one.
   */
  accept(message: StoredMessage, visibleAt: number, now: number, scope: "queue" | "messageGroup"): Accepted {
    const key = FifoMessageQueue.deduplicationKey(message, scope);
    const seen = this.#deduplication.get(key);
    if (seen && seen.until > now) return { message: seen.message, duplicate: true };
    this.#deduplication.delete(key); // set anew, so that it moves to the end of the sending order
    this.#deduplication.set(key, { until: now + DEDUPLICATION_WINDOW_MS, message });
    this.add(message, visibleAt, now);
    return { message, duplicate: false };
  }

  add(message: StoredMessage, visibleAt: number, now: number): void {
    if (message.groupId === undefined) throw new Error("expected a FIFO message to have a MessageGroupId");
    this.#sequence += BigInt(1 + Math.floor(Math.random() * 65_536));
    message.sequenceNumber = this.#sequence.toString();
    const group = this.#groups.get(message.groupId) ?? [];
    group.push(message);
    this.#groups.set(message.groupId, group);
    message.state = visibleAt > now ? "delayed" : "ready";
    if (visibleAt > now) this.#hiddenUntil.set(message, visibleAt);
  }

  take(max: number, visibilityMs: number, now: number, admit: (m: StoredMessage) => boolean): StoredMessage[] {
    this.#release(now);
    const out: StoredMessage[] = [];
    for (const group of [...this.#groups.values()]) {
      if (out.length >= max) break;
      if (group.some((m) => m.state === "in-flight")) continue; // its holder has not finished with it
      while (out.length < max) {
        // What this receive took from the group is in flight at its front; the next one must be visible.
        const next = group.find((m) => m.state !== "in-flight");
        if (next === undefined || next.state !== "ready") break; // a delayed message holds back those behind it
        if (!admit(next)) {
          this.#remove(next);
          continue;
        }
        giveReceipt(next, now, this.#byReceipt);
        next.state = "in-flight";
        this.#hiddenUntil.set(next, now + visibilityMs);
        out.push(next);
      }
    }
    return out;
  }

  delete(receipt: string): boolean {
    const message = this.#byReceipt.get(receipt);
    if (message === undefined) return false;
    this.#remove(message);
    return true;
  }

  changeVisibility(receipt: string, visibilityMs: number, now: number): boolean {
    const message = this.#byReceipt.get(receipt);
    if (message === undefined || message.state === "gone") return false;
    if (message.state !== "in-flight") return true;
    if (visibilityMs <= 0) {
      this.#hiddenUntil.delete(message);
      message.state = "ready";
    } else {
      this.#hiddenUntil.set(message, now + visibilityMs);
    }
    return true;
  }

  counts(now: number): { visible: number; inFlight: number; delayed: number } {
    this.#release(now);
    const counts = { visible: 0, inFlight: 0, delayed: 0 };
    for (const group of this.#groups.values()) {
      for (const m of group) counts[m.state === "ready" ? "visible" : m.state === "in-flight" ? "inFlight" : "delayed"]++;
    }
    return counts;
  }

  /** Messages whose delay or visibility timeout is over become visible again, where they were in their group. */
  #release(now: number): void {
    for (const [message, until] of this.#hiddenUntil) {
      if (until > now) continue;
      this.#hiddenUntil.delete(message);
      message.state = "ready";
    }
    // Ids are remembered in the order they were sent, each for the same time: the expired ones come first.
    for (const [key, seen] of this.#deduplication) {
      if (seen.until > now) break;
      this.#deduplication.delete(key);
    }
  }

  #remove(message: StoredMessage): void {
    message.state = "gone";
    this.#hiddenUntil.delete(message);
    if (message.receipt !== undefined) this.#byReceipt.delete(message.receipt);
    const group = this.#groups.get(message.groupId!) ?? [];
    const at = group.indexOf(message);
    if (at >= 0) group.splice(at, 1);
    if (group.length === 0) this.#groups.delete(message.groupId!);
  }
}
