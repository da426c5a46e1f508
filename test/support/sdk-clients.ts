import type { Cloud } from "minicloud";

/** What an AWS SDK client in the test needs to talk to a session's endpoint: `new S3Client(await clientConfig(cloud))`. */
export async function clientConfig(cloud: Cloud): Promise<{ endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string } }> {
  const { endpointUrl, credentials } = await cloud.awsAccess();
  return { endpoint: endpointUrl, region: "us-east-1", credentials };
}
