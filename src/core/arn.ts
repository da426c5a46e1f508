/** The account minicloud pretends to be: AWS's documentation example account. */
export const ACCOUNT_ID = "123456789012";
/** The region minicloud pretends to be in (AWS_REGION overrides it). */
export function region(): string {
  return process.env["AWS_REGION"] || "us-east-1";
}

/** An ARN, as AWS writes them: `arn:aws:<service>:<region>:<account>:<resource>`. */
export function arn(service: string, resource: string, options: { region?: string; account?: string } = {}): string {
  return `arn:aws:${service}:${options.region ?? region()}:${options.account ?? ACCOUNT_ID}:${resource}`;
}
