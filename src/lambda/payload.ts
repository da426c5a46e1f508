import { MinicloudError } from "../core/errors.js";

/** AWS caps a synchronous invocation's request (and response) at 6 MB. */
export const MAX_SYNC_PAYLOAD_BYTES = 6 * 1024 * 1024;

/** A response payload as the AWS SDK v3 gives it: bytes, with a way to read them as text. */
export class PayloadBlob extends Uint8Array {
  /** The payload as text (UTF-8), as the SDK's `Payload.transformToString()`. */
  transformToString(): string {
    return new TextDecoder().decode(this);
  }
}

/** Makes a payload blob from text or bytes. */
export function payloadBlob(content: string | Uint8Array): PayloadBlob {
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
  const blob = new PayloadBlob(bytes.length);
  blob.set(bytes);
  return blob;
}

/**
 * Reads an invoke's Payload: bytes or text must be JSON, as Lambda requires; a plain object (a
 * minicloud convenience) is sent as its JSON. Absent means `{}`, as the SDK sends.
 */
export function requestPayload(payload: unknown): string {
  let text: string;
  if (payload === undefined) text = "{}";
  else if (payload instanceof Uint8Array) text = new TextDecoder().decode(payload);
  else if (typeof payload === "string") text = payload;
  else text = JSON.stringify(payload);
  if (Buffer.byteLength(text) > MAX_SYNC_PAYLOAD_BYTES) {
    throw new MinicloudError("RequestEntityTooLargeException", `Request must be smaller than ${MAX_SYNC_PAYLOAD_BYTES} bytes for the InvokeFunction operation`, {
      field: "Payload",
      statusCode: 413,
    });
  }
  try {
    JSON.parse(text);
  } catch {
    throw new MinicloudError("InvalidRequestContentException", "Could not parse request body into json: the Payload must be JSON (for example '{\"name\":\"world\"}').", {
      field: "Payload",
      statusCode: 400,
    });
  }
  return text;
}
