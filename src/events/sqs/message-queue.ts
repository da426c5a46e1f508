import { MinHeap } from "../../core/min-heap.js";
import type { MessageAttributeValue } from "./message-attributes.js";
import { giveReceipt, type MessageStore } from "./message-store.js";

/** A message as a queue keeps it. */
export interface StoredMessage {
  id: string;
  body: string;
  md5: string;
  attributes: Record<string, MessageAttributeValue>;
  md5OfAttributes: string | undefined;
  /** When it was sent (ms); it expires a retention period later. */
  sent: number;
  receiveCount: number;
  firstReceive?: number;
  /** The handle of its latest receive; only that one deletes it. */
  receipt?: string;
  state: "ready" | "delayed" | "in-flight" | "gone";
  /** Bumped on every change of state, so that stale timers in the heap are ignored. */
  token: number;
  /** FIFO queues (and fair standard queues): the message group. */
  groupId?: string;
  /** FIFO queues: the deduplication id, and the sequence number SQS gave the message. */
  deduplicationId?: string;
  sequenceNumber?: string;
}

/**
 * The messages of one queue: visible ones in arrival order, and in-flight or delayed ones on a heap by
 * the time they become visible. Receive, delete and a visibility change cost O(log n), not a scan of
 * the queue, so a queue of 100,000 messages is as quick as one of ten.
 */
export class MessageQueue implements MessageStore {
  #ready: StoredMessage[] = [];
  #head = 0;
  readonly #waiting = new MinHeap<{ due: number; message: StoredMessage; token: number }>((a, b) => a.due < b.due);
  readonly #byReceipt = new Map<string, StoredMessage>();
  #inFlight = 0;
  #delayed = 0;

  /** Adds a message, visible at once or after its delay. */
  add(message: StoredMessage, visibleAt: number, now: number): void {
    if (visibleAt > now) this.#wait(message, "delayed", visibleAt);
    else this.#makeReady(message);
  }

  /**
   * Takes up to `max` visible messages and hides each for `visibilityMs`. `admit` sees each message first
   * and may keep it from being received (it expired, or goes to the dead-letter queue).
   */
  take(max: number, visibilityMs: number, now: number, admit: (m: StoredMessage) => boolean): StoredMessage[] {
    this.#release(now);
    const out: StoredMessage[] = [];
    while (out.length < max && this.#head < this.#ready.length) {
      const message = this.#ready[this.#head++]!;
      if (message.state !== "ready") continue;
      if (!admit(message)) {
        this.#forget(message);
        continue;
      }
      giveReceipt(message, now, this.#byReceipt);
      this.#wait(message, "in-flight", now + visibilityMs);
      out.push(message);
    }
    this.#compact();
    return out;
  }

  /** Deletes the message a receipt handle belongs to; false when the handle is not (or no longer) valid. */
  delete(receipt: string): boolean {
    const message = this.#byReceipt.get(receipt);
    if (message === undefined) return false;
    this.#forget(message);
    return true;
  }

  /** Makes an in-flight message visible `visibilityMs` from now (0: at once); false for an unknown handle. */
  changeVisibility(receipt: string, visibilityMs: number, now: number): boolean {
    const message = this.#byReceipt.get(receipt);
    if (message === undefined || message.state === "gone") return false;
    if (message.state === "ready") return true;
    this.#leave(message);
    if (visibilityMs <= 0) this.#makeReady(message);
    else this.#wait(message, "in-flight", now + visibilityMs);
    return true;
  }

  /** How many messages are visible, in flight (received, not yet deleted) and delayed. */
  counts(now: number): { visible: number; inFlight: number; delayed: number } {
    this.#release(now);
    let visible = 0;
    for (let i = this.#head; i < this.#ready.length; i++) if (this.#ready[i]!.state === "ready") visible++;
    return { visible, inFlight: this.#inFlight, delayed: this.#delayed };
  }

  #makeReady(message: StoredMessage): void {
    message.state = "ready";
    message.token++;
    this.#ready.push(message);
  }

  #wait(message: StoredMessage, state: "delayed" | "in-flight", due: number): void {
    message.state = state;
    message.token++;
    if (state === "delayed") this.#delayed++;
    else this.#inFlight++;
    this.#waiting.push({ due, message, token: message.token });
  }

  /** Takes a waiting message off its counters (its heap entry goes stale by the token). */
  #leave(message: StoredMessage): void {
    if (message.state === "delayed") this.#delayed--;
    if (message.state === "in-flight") this.#inFlight--;
  }

  #forget(message: StoredMessage): void {
    this.#leave(message);
    message.state = "gone";
    message.token++;
    if (message.receipt !== undefined) this.#byReceipt.delete(message.receipt);
  }

  /** Messages whose delay or visibility timeout is over become visible again, at the back of the queue. */
  #release(now: number): void {
    while ((this.#waiting.peek()?.due ?? Infinity) <= now) {
      const { message, token } = this.#waiting.pop()!;
      if (token !== message.token) continue;
      this.#leave(message);
      this.#makeReady(message);
    }
  }

  #compact(): void {
    if (this.#head > 1024 && this.#head * 2 > this.#ready.length) {
      this.#ready = this.#ready.slice(this.#head);
      this.#head = 0;
    }
  }
}
