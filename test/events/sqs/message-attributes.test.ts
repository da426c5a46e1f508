import { describe, expect, it } from "vitest";
import { md5OfMessageAttributes } from "minicloud";
import { validateMessageAttributes } from "../../../src/events/sqs/message-attributes.js";

describe("SQS message attributes", () => {
  // Digests that the SQS API returns for these attributes, as published with the npm package
  // aws-md5-of-message-attributes (an implementation checked against SQS).
  it("computes MD5OfMessageAttributes as SQS does, for strings, custom numbers, binaries and several at once", () => {
    const text = { attribName1: { DataType: "String", StringValue: "attribValue 1" } };
    const number = { customNumberTypeAttrib: { DataType: "Number.float", StringValue: "4563442423554324324264524243.32543234" } };
    const binary = { binaryAttribute: { DataType: "Binary", BinaryValue: new TextEncoder().encode("Hello binary world!") } };
    expect(md5OfMessageAttributes(text)).toBe("19e27d4e946b072f3f58da80d94fd778");
    expect(md5OfMessageAttributes(number)).toBe("9fe1b90bbd9965bdf77bac517c7d2495");
    expect(md5OfMessageAttributes(binary)).toBe("31a92b15d92f8db860eda32aceb656c3");
    expect(md5OfMessageAttributes({ ...binary, ...number, ...text })).toBe("c932db14a896c663f83c260297d594ff");
    expect(md5OfMessageAttributes({})).toBeUndefined();
  });

  it("refuses attributes SQS refuses, naming the field", () => {
    const bad = (attributes: object) => () => validateMessageAttributes(attributes as never);
    expect(bad({ "AWS.trace": { DataType: "String", StringValue: "x" } })).toThrow(expect.objectContaining({ name: "InvalidParameterValue", field: "MessageAttributes.AWS.trace" }));
    expect(bad({ a: { DataType: "string", StringValue: "x" } })).toThrow(expect.objectContaining({ field: "MessageAttributes.a.DataType", message: expect.stringContaining("Binary, Number, and String") }));
    expect(bad({ a: { DataType: "String", StringValue: "" } })).toThrow(expect.objectContaining({ field: "MessageAttributes.a.StringValue" }));
    expect(bad({ a: { DataType: "Number", StringValue: "twelve" } })).toThrow(expect.objectContaining({ field: "MessageAttributes.a.StringValue" }));
    expect(bad({ a: { DataType: "Binary", StringValue: "x" } })).toThrow(expect.objectContaining({ field: "MessageAttributes.a.BinaryValue" }));
    expect(bad(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`a${i}`, { DataType: "String", StringValue: "x" }])))).toThrow(expect.objectContaining({ field: "MessageAttributes" }));
    expect(validateMessageAttributes({ "my.name": { DataType: "String.json", StringValue: "{}" } })).toBe("my.name".length + "String.json".length + 2);
  });
});
