import { randomBytes } from "node:crypto";

/** Temporary credentials, as Lambda hands an execution role's to a function (STS's shape). */
export interface SessionCredentials {
  /** `ASIA…`: AWS starts temporary access key ids with ASIA. */
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

/** How code in a container reaches the session's AWS services: where they answer, and what to sign with. */
export interface AwsAccess {
  /** The session's AWS endpoint, e.g. `http://127.0.0.1:41234`: every SDK client's requests go there. */
  endpointUrl: string;
  credentials: SessionCredentials;
}

const KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** Fresh credentials for one session: harmless values with the shapes AWS gives (they open nothing but minicloud). */
export function newSessionCredentials(): SessionCredentials {
  const id = [...randomBytes(16)].map((b) => KEY_ALPHABET[b % KEY_ALPHABET.length]).join("");
  return {
    accessKeyId: `ASIA${id}`,
    secretAccessKey: randomBytes(30).toString("base64"),
    sessionToken: randomBytes(96).toString("base64"),
  };
}

/**
 * The variables that point the AWS SDK at the session's services. `AWS_ENDPOINT_URL` is the SDK's own
 * setting for a custom endpoint (it takes it for every client); a program may set it itself to go elsewhere.
 * @see https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html
 */
export function endpointVariables(access: AwsAccess): Record<string, string> {
  return { AWS_ENDPOINT_URL: access.endpointUrl };
}

/**
 * The variables Lambda sets from the execution role's credentials (reserved: a function cannot set them).
 * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
 */
export function credentialVariables(access: AwsAccess): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: access.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: access.credentials.secretAccessKey,
    AWS_SESSION_TOKEN: access.credentials.sessionToken,
  };
}
