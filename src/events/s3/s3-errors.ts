import { MinicloudError } from "../../core/errors.js";

/** S3's errors, with its codes and status. */
export const s3Errors = {
  noSuchBucket: (bucket: string) =>
    new MinicloudError("NoSuchBucket", `The specified bucket does not exist: ${bucket}. Create it first with createBucket({ Bucket: "${bucket}" }).`, { field: "Bucket", statusCode: 404 }),
  noSuchKey: (bucket: string, key: string) => new MinicloudError("NoSuchKey", `The specified key does not exist: s3://${bucket}/${key}.`, { field: "Key", statusCode: 404 }),
  alreadyOwned: (bucket: string) =>
    new MinicloudError("BucketAlreadyOwnedByYou", `Your previous request to create the named bucket succeeded and you already own it: ${bucket}.`, { field: "Bucket", statusCode: 409 }),
  notEmpty: (bucket: string) =>
    new MinicloudError("BucketNotEmpty", `The bucket you tried to delete is not empty: ${bucket}. Delete its objects first.`, { field: "Bucket", statusCode: 409 }),
  invalidName: (bucket: string) =>
    new MinicloudError(
      "InvalidBucketName",
      `The specified bucket is not valid: "${bucket}". Bucket names are 3-63 characters of lowercase letters, digits, dots and hyphens, and begin and end with a letter or digit.`,
      { field: "Bucket", statusCode: 400 },
    ),
  metadataTooLarge: (bytes: number) =>
    new MinicloudError("MetadataTooLarge", `Your metadata headers exceed the maximum allowed metadata size: ${bytes} bytes of names and values; S3 takes at most 2048.`, { field: "Metadata", statusCode: 400 }),
  copyToItself: () =>
    new MinicloudError(
      "InvalidRequest",
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes. Set MetadataDirective: REPLACE to change its metadata.",
      { field: "CopySource", statusCode: 400 },
    ),
  invalidArgument: (field: string, message: string) => new MinicloudError("InvalidArgument", message, { field, statusCode: 400 }),
};
