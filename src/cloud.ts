import { newSessionCredentials, type AwsAccess } from "./core/aws-access.js";
import { createRealClock, type Clock } from "./core/clock.js";
import { MinicloudError } from "./core/errors.js";
import { newSessionId } from "./core/ids.js";
import { cleanStaleSessions } from "./engines/clean.js";
import { createEngine } from "./engines/create-engine.js";
import { createDockerEngine } from "./engines/docker-engine.js";
import { decideEngine, isEngineChoice, type EngineChoice } from "./engines/engine-choice.js";
import { watchStopRequest } from "./engines/session-records.js";
import type { ContainerEngine } from "./engines/types.js";
import { createLambda, type Lambda } from "./lambda/lambda-service.js";
import { createS3, type S3 } from "./events/s3/s3-service.js";
import { createSqs, type Sqs } from "./events/sqs/sqs-service.js";
import { createEventSourceMappings, type EventSourceMappings } from "./events/mappings/event-source-mappings.js";
import { createEcs, type Ecs } from "./ecs/ecs-service.js";
import { createKinesis, type Kinesis } from "./events/kinesis/kinesis-service.js";
import { createDynamoDb, type DynamoDb } from "./events/dynamodb/dynamodb-service.js";
import { createSns, type Sns } from "./events/sns/sns-service.js";
import { deliverToTarget, type Deliver } from "./events/targets.js";
import { createEventBridge, type EventBridge } from "./events/eventbridge/event-bridge-service.js";
import { createElbv2, type Elbv2 } from "./events/elb/elbv2-service.js";
import { createCloudWatchLogs, type CloudWatchLogs } from "./events/logs/logs-service.js";
import { createApiGatewayV2, type ApiGatewayV2 } from "./events/apigateway/http-api-service.js";
import { createAwsEndpoint, type AwsEndpoint } from "./events/endpoint/aws-endpoint.js";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { sessionFolder } from "./engines/session-folder.js";
import { escapeHtml, type MimeBundle } from "./viz/mime-bundle.js";

/** Options for {@link Cloud.start}. */
export interface CloudOptions {
  /** Which container engine runs containers: `auto` (default) picks Docker when it answers, else `process`. */
  engine?: EngineChoice;
  /** The clock everything reads (default: the wall clock; the simulated engine defaults to a virtual one). */
  clock?: Clock;
  /** Seeds the simulated engine, so a simulation repeats exactly. */
  seed?: number;
  /**
   * Multiplies AWS's fixed waits — such as the one- and two-minute retry delays of asynchronous Lambda
   * invocations — so a notebook can watch them happen (0.001 turns a minute into 60 ms). Default 1.
   */
  timeScale?: number;
  /**
   * The lab this session belongs to (a lab name such as `capstone`): written in the session's record so
   * that `minicloud lab reset` can find it, and the session then shuts itself down when the reset asks.
   * Use `startLab`, which sets it.
   */
  lab?: string;
}

/** A lab's name: lowercase letters, digits and dashes, as it appears in folders and labels. */
export function isLabName(name: unknown): name is string {
  return typeof name === "string" && /^[a-z0-9][a-z0-9-]{0,62}$/.test(name);
}

/**
 * One minicloud session: the engine it runs containers on and everything it creates, labelled
 * `minicloud.session=<sessionId>` so that `shutdown()` can remove exactly what is its own.
 * @example const cloud = await Cloud.start(); console.log(cloud.engine.name); await cloud.shutdown();
 */
export class Cloud {
  /** Labels every container, network and folder this session creates. */
  readonly sessionId: string;
  /** The engine this session runs containers on. */
  readonly engine: ContainerEngine;
  /** Why that engine was picked, in words. */
  readonly engineReason: string;
  /** The clock everything in this session reads. */
  readonly clock: Clock;
  /** AWS Lambda: functions, invocations, logs and their bill. */
  readonly lambda: Lambda;
  /** Amazon S3: buckets, objects, and notifications that invoke functions. */
  readonly s3: S3;
  /** Amazon SQS: standard and FIFO queues with visibility timeouts and dead-letter queues. */
  readonly sqs: Sqs;
  /** Amazon DynamoDB: tables, items, queries, and streams of their changes. */
  readonly dynamodb: DynamoDb;
  /** Amazon Kinesis Data Streams: streams of ordered shards. */
  readonly kinesis: Kinesis;
  /** Lambda's event source mappings: pollers that feed queue messages and stream records to functions in batches. */
  readonly eventSourceMappings: EventSourceMappings;
  /** Amazon SNS: topics that fan messages out to functions and queues, through subscription filter policies. */
  readonly sns: Sns;
  /** Amazon API Gateway's HTTP APIs: real HTTP servers on 127.0.0.1 whose routes invoke functions (payload 2.0 or 1.0), with CORS. */
  readonly apiGatewayV2: ApiGatewayV2;
  /** Amazon EventBridge (CloudWatch Events): event buses, rules with event patterns or schedules, and their targets. */
  readonly eventBridge: EventBridge;
  /** Elastic Load Balancing: Application Load Balancers whose listeners on 127.0.0.1 forward to Lambda targets. */
  readonly elbv2: Elbv2;
  /** Amazon CloudWatch Logs over the functions' log groups: queries, and subscription filters that invoke functions. */
  readonly logs: CloudWatchLogs;
  /** Amazon ECS: task definitions, clusters, container instances, tasks and services. */
  readonly ecs: Ecs;
  /** The lab this session belongs to, if any. */
  readonly lab: string | undefined;
  /** The loopback endpoint where the SDK in functions and tasks reaches this session's S3, DynamoDB, SQS and SNS. */
  readonly #endpoint: AwsEndpoint;
  readonly #credentials = newSessionCredentials();
  #running = true;
  #stopWatching: () => void = () => {};

  private constructor(sessionId: string, engine: ContainerEngine, engineReason: string, clock: Clock, timeScale: number, seed: number | undefined, lab: string | undefined) {
    this.sessionId = sessionId;
    this.lab = lab;
    this.engine = engine;
    this.engineReason = engineReason;
    this.clock = clock;
    // Queue URLs point at the session's endpoint: the SQS client sends each request to its QueueUrl's host.
    this.sqs = createSqs({ clock, queueUrlOrigin: () => this.#endpoint.url() });
    // How one service hands a message to another by ARN (function, queue or topic). Lambda's destinations
    // and dead-letter queues reach queues and topics only through this: src/lambda imports no event source.
    const deliver: Deliver = (targetArn, message) => deliverToTarget(this, targetArn, message);
    const awsAccess = (): Promise<AwsAccess> => this.awsAccess();
    this.lambda = createLambda({ engine, clock, timeScale, deliver, awsAccess });
    const lambda = this.lambda;
    this.s3 = createS3({
      clock,
      dir: join(this.#folder(), "s3"),
      // S3 invokes functions asynchronously, as AWS does: the upload does not wait for the function.
      notify: async (functionArn, event) => {
        await lambda.invoke({ FunctionName: functionArn, InvocationType: "Event", Payload: JSON.stringify(event) }).catch(() => undefined);
      },
    });
    this.sns = createSns({ clock, deliver });
    this.kinesis = createKinesis({ clock });
    this.dynamodb = createDynamoDb({ clock });
    this.#endpoint = createAwsEndpoint({ host: () => engine.hostAddress(), s3: this.s3, sqs: this.sqs, sns: this.sns, dynamodb: this.dynamodb });
    this.eventSourceMappings = createEventSourceMappings({ clock, lambda, sqs: this.sqs, streams: [this.kinesis, this.dynamodb], timeScale });
    this.apiGatewayV2 = createApiGatewayV2({ clock, lambda });
    this.elbv2 = createElbv2({ clock, lambda });
    this.logs = createCloudWatchLogs({ clock, store: lambda.logs, deliver });
    this.ecs = createEcs({
      engine,
      clock,
      sessionId,
      ...(seed !== undefined ? { seed } : {}),
      // Container instances that are whole Docker engines belong to this session too.
      connectDockerHost: (dockerHost) => createDockerEngine({ sessionId, clock, dockerHost, ...(lab !== undefined ? { lab } : {}) }),
      // Simulated tasks run no program that could use it.
      ...(engine.name === "simulated" ? {} : { awsAccess }),
    });
    const ecs = this.ecs;
    // Scheduled ECS tasks: a rule's cluster target makes EventBridge call RunTask.
    const runTask = async (request: Parameters<Ecs["runTask"]>[0]): Promise<boolean> => (await ecs.runTask(request).catch(() => ({ tasks: [] }))).tasks.length > 0;
    this.eventBridge = createEventBridge({ clock, deliver, runTask });
    // A lab session ends when `minicloud lab reset` asks (from another process, so through a file); the
    // simulated engine records no session, so nothing could ask.
    if (lab !== undefined && engine.name !== "simulated") {
      this.#stopWatching = watchStopRequest(sessionId, () => {
        this.shutdown().catch(() => undefined);
      });
    }
  }

  /** The session's folder for files its services keep (S3's objects); removed at shutdown. */
  #folder(): string {
    return sessionFolder(this.sessionId);
  }

  /** Starts a session on the engine asked for (`auto` by default) and reports which one it picked. */
  static async start(options: CloudOptions = {}): Promise<Cloud> {
    const choice = options.engine ?? "auto";
    if (!isEngineChoice(choice)) {
      throw new MinicloudError(
        "InvalidParameterValueException",
        `engine is "${String(choice)}"; use "auto", "docker", "process" or "simulated".`,
        { field: "engine" },
      );
    }
    const decision = await decideEngine(choice);
    // What sessions that died without shutting down left behind goes first (their owners are gone).
    if (decision.engine !== "simulated") await cleanStaleSessions({ docker: decision.engine === "docker" });
    if (options.lab !== undefined && !isLabName(options.lab)) {
      throw new MinicloudError("InvalidParameterValueException", `lab must be a name of lowercase letters, digits and dashes, such as "capstone"; got ${JSON.stringify(options.lab)}.`, { field: "lab" });
    }
    const sessionId = newSessionId();
    const engine = createEngine(decision.engine, {
      sessionId,
      ...(options.lab !== undefined ? { lab: options.lab } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
    });
    if (options.timeScale !== undefined && !(options.timeScale > 0 && options.timeScale <= 1)) {
      throw new MinicloudError("InvalidParameterValueException", `timeScale must be above 0 and at most 1 (1 is real time); got ${options.timeScale}.`, { field: "timeScale" });
    }
    // The simulated engine made a virtual clock of its own when none was given: the services read that one too.
    const clock = options.clock ?? ("clock" in engine ? (engine as ContainerEngine & { clock: Clock }).clock : createRealClock());
    return new Cloud(sessionId, engine, decision.reason, clock, options.timeScale ?? 1, options.seed, options.lab);
  }

  /**
   * Where this session's AWS endpoint answers (S3, DynamoDB, SQS and SNS, over the SDK's own wire
   * protocols) and the credentials functions and tasks get. Starts the endpoint on first use.
   * @example const { endpointUrl, credentials } = await cloud.awsAccess();
   * const s3 = new S3Client({ endpoint: endpointUrl, region: "us-east-1", credentials });
   */
  async awsAccess(): Promise<AwsAccess> {
    return { endpointUrl: await this.#endpoint.url(), credentials: { ...this.#credentials } };
  }

  /** True until {@link shutdown} has run. */
  get running(): boolean {
    return this.#running;
  }

  /** Removes every container and network this session created. Safe to call twice. */
  async shutdown(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#stopWatching();
    this.eventSourceMappings.stop();
    this.eventBridge.shutdown();
    this.logs.shutdown();
    await Promise.all([this.apiGatewayV2.shutdown(), this.elbv2.shutdown()]);
    await this.ecs.shutdown();
    await this.lambda.shutdown();
    await this.#endpoint.close();
    this.s3.shutdown();
    await this.engine.shutdown();
    rmSync(this.#folder(), { recursive: true, force: true });
  }

  /** Shows the session as a small table in a notebook. */
  toMimeBundle(): MimeBundle {
    const rows: [string, string][] = [
      ["session", this.sessionId],
      ["engine", `${this.engine.name} (${this.engineReason})`],
      ...(this.lab !== undefined ? [["lab", this.lab] as [string, string]] : []),
      ["state", this.#running ? "running" : "shut down"],
    ];
    return {
      "text/html": `<table>${rows.map(([k, v]) => `<tr><th style="text-align:left">${k}</th><td style="text-align:left">${escapeHtml(v)}</td></tr>`).join("")}</table>`,
      "text/plain": rows.map(([k, v]) => `${k}: ${v}`).join("\n"),
    };
  }
}
