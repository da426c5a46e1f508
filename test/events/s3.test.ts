import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cloud, encodeEventKey } from "minicloud";
import type { S3Event } from "aws-lambda";
import { printedAfter } from "../support/function-logs.js";

describe("S3", { timeout: 60_000 }, () => {
  let cloud: Cloud;
  const received = () => printedAfter(cloud, "on-upload", "EVENT ").map((text) => JSON.parse(text) as S3Event);

  beforeAll(async () => {
    cloud = await Cloud.start({ engine: "process" });
    await cloud.lambda.createFunction({
      FunctionName: "on-upload",
      Runtime: "nodejs20.x",
      Handler: "index.handler",
      Code: { Source: 'exports.handler = async (event) => { console.log("EVENT " + JSON.stringify(event)); };' },
    });
  });
  afterAll(async () => cloud?.shutdown());

  it("stores objects with S3's ETag (the MD5 of the content), lists them by prefix, and deletes them", async () => {
    await cloud.s3.createBucket({ Bucket: "reports" });
    const { ETag } = await cloud.s3.putObject({ Bucket: "reports", Key: "2019/june.csv", Body: "a,b\n1,2\n" });
    expect(ETag).toBe(`"${createHash("md5").update("a,b\n1,2\n").digest("hex")}"`);
    await cloud.s3.putObject({ Bucket: "reports", Key: "2019/july.csv", Body: new Uint8Array([1, 2, 3]) });
    await cloud.s3.putObject({ Bucket: "reports", Key: "2020/jan.csv", Body: "x" });
    const listed = await cloud.s3.listObjectsV2({ Bucket: "reports", Prefix: "2019/" });
    expect(listed.Contents.map((c) => [c.Key, c.Size])).toEqual([["2019/july.csv", 3], ["2019/june.csv", 8]]);
    expect((await cloud.s3.getObject({ Bucket: "reports", Key: "2019/june.csv" })).Body.transformToString()).toBe("a,b\n1,2\n");
    expect([...(await cloud.s3.getObject({ Bucket: "reports", Key: "2019/july.csv" })).Body]).toEqual([1, 2, 3]);
    await cloud.s3.deleteObject({ Bucket: "reports", Key: "2020/jan.csv" });
    await cloud.s3.deleteObject({ Bucket: "reports", Key: "never-there" });
    expect((await cloud.s3.listObjectsV2({ Bucket: "reports" })).KeyCount).toBe(2);
  });

  it("answers with S3's errors, naming what to fix", async () => {
    await expect(cloud.s3.putObject({ Bucket: "nope", Key: "k", Body: "" })).rejects.toMatchObject({ name: "NoSuchBucket", statusCode: 404 });
    await expect(cloud.s3.getObject({ Bucket: "reports", Key: "missing" })).rejects.toMatchObject({ name: "NoSuchKey", statusCode: 404 });
    await expect(cloud.s3.createBucket({ Bucket: "Bad_Name" })).rejects.toMatchObject({ name: "InvalidBucketName", statusCode: 400 });
    await expect(cloud.s3.createBucket({ Bucket: "reports" })).rejects.toMatchObject({ name: "BucketAlreadyOwnedByYou", statusCode: 409 });
    await expect(cloud.s3.deleteBucket({ Bucket: "reports" })).rejects.toMatchObject({ name: "BucketNotEmpty", statusCode: 409 });
    await expect(
      cloud.s3.putBucketNotificationConfiguration({ Bucket: "reports", NotificationConfiguration: { LambdaFunctionConfigurations: [{ LambdaFunctionArn: "x", Events: ["s3:ObjectCreated:*"] }] } }),
    ).rejects.toMatchObject({ name: "InvalidArgument", field: "NotificationConfiguration.LambdaFunctionConfigurations[0].LambdaFunctionArn" });
  });

  it("invokes the function for uploads matching the event type and the prefix and suffix filters", async () => {
    await cloud.s3.createBucket({ Bucket: "uploads" });
    await cloud.s3.putBucketNotificationConfiguration({
      Bucket: "uploads",
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          {
            Id: "csv-files",
            LambdaFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:on-upload",
            Events: ["s3:ObjectCreated:*"],
            Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "incoming/" }, { Name: "suffix", Value: ".csv" }] } },
          },
        ],
      },
    });
    await cloud.s3.putObject({ Bucket: "uploads", Key: "incoming/my data (1).csv", Body: "a,b\n" });
    await cloud.s3.putObject({ Bucket: "uploads", Key: "incoming/notes.txt", Body: "no" });
    await cloud.s3.putObject({ Bucket: "uploads", Key: "elsewhere/x.csv", Body: "no" });
    await cloud.s3.deleteObject({ Bucket: "uploads", Key: "incoming/my data (1).csv" });
    await cloud.lambda.settled();
    const events = received();
    expect(events).toHaveLength(1);
    const record = events[0]!.Records[0]!;
    expect(record).toMatchObject({ eventSource: "aws:s3", eventName: "ObjectCreated:Put", awsRegion: "us-east-1" });
    expect(record.s3).toMatchObject({ configurationId: "csv-files", bucket: { name: "uploads", arn: "arn:aws:s3:::uploads" }, object: { key: "incoming/my+data+%281%29.csv", size: 4 } });
    expect(decodeURIComponent(record.s3.object.key.replace(/\+/g, " "))).toBe("incoming/my data (1).csv");
    expect(encodeEventKey("a b/c+d.txt")).toBe("a+b/c%2Bd.txt");
  });

  it("reads filter rule names in any case, and refuses rules that are neither prefix nor suffix, or come twice", async () => {
    await cloud.s3.createBucket({ Bucket: "filters" });
    const configure = (FilterRules: { Name: string; Value: string }[]) =>
      cloud.s3.putBucketNotificationConfiguration({
        Bucket: "filters",
        NotificationConfiguration: {
          LambdaFunctionConfigurations: [{ LambdaFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:on-upload", Events: ["s3:ObjectCreated:*"], Filter: { Key: { FilterRules: FilterRules as never } } }],
        },
      });
    const field = "NotificationConfiguration.LambdaFunctionConfigurations[0].Filter.Key.FilterRules";
    await expect(configure([{ Name: "contains", Value: "x" }])).rejects.toMatchObject({ name: "InvalidArgument", field: `${field}[0].Name` });
    await expect(configure([{ Name: "suffix", Value: ".csv" }, { Name: "Suffix", Value: ".txt" }])).rejects.toMatchObject({
      name: "InvalidArgument",
      field: `${field}[1].Name`,
      message: "Cannot specify more than one suffix rule in a filter.",
    });
    await configure([{ Name: "Prefix", Value: "in/" }]);
    const before = received().length;
    await cloud.s3.putObject({ Bucket: "filters", Key: "out/a.csv", Body: "x" });
    await cloud.s3.putObject({ Bucket: "filters", Key: "in/a.csv", Body: "x" });
    await cloud.lambda.settled();
    expect(received().slice(before).map((e) => e.Records[0]!.s3.object.key)).toEqual(["in/a.csv"]);
  });
});
