import { MinicloudError } from "../../core/errors.js";
import type { SnsMessageAttributeValue } from "../sns/sns-message-attributes.js";
import type { PublishRequest, Sns } from "../sns/sns-service.js";
import type { EndpointReply, ServiceProtocol } from "./endpoint-request.js";
import { xmlDocument, type XmlElement } from "./xml.js";

const NAMESPACE = "http://sns.amazonaws.com/doc/2010-03-31/";
type Parameters = Map<string, string>;

/** Members of Publish that minicloud's standard topics do not do: refused, never ignored. */
const UNSUPPORTED = ["PhoneNumber", "MessageGroupId", "MessageDeduplicationId"];

/** A map flattened as the Query protocol writes it (`<name>.entry.<n>.<member>`): each entry's members by name. */
function entries(parameters: Parameters, name: string): Map<string, string>[] {
  const byIndex = new Map<string, Map<string, string>>();
  const prefix = `${name}.entry.`;
  for (const [parameter, text] of parameters) {
    if (!parameter.startsWith(prefix)) continue;
    const [index = "", ...member] = parameter.slice(prefix.length).split(".");
    if (!byIndex.has(index)) byIndex.set(index, new Map());
    byIndex.get(index)!.set(member.join("."), text);
  }
  return [...byIndex.values()];
}

function publishRequest(parameters: Parameters): PublishRequest {
  const given = UNSUPPORTED.find((name) => parameters.has(name));
  if (given !== undefined) throw new MinicloudError("InvalidParameter", `Invalid parameter: minicloud's SNS publishes to standard topics only; leave out ${given}.`, { field: given, statusCode: 400 });
  const attributes = entries(parameters, "MessageAttributes");
  const MessageAttributes = Object.fromEntries(
    attributes.map((e): [string, SnsMessageAttributeValue] => [
      e.get("Name") ?? "",
      {
        DataType: e.get("Value.DataType") ?? "",
        ...(e.has("Value.StringValue") ? { StringValue: e.get("Value.StringValue")! } : {}),
        ...(e.has("Value.BinaryValue") ? { BinaryValue: e.get("Value.BinaryValue")! } : {}),
      },
    ]),
  );
  const optional = (name: "TopicArn" | "TargetArn" | "Subject" | "MessageStructure") => (parameters.has(name) ? { [name]: parameters.get(name)! } : {});
  return {
    Message: parameters.get("Message") as string,
    ...optional("TopicArn"),
    ...optional("TargetArn"),
    ...optional("Subject"),
    ...(optional("MessageStructure") as { MessageStructure?: "json" }),
    ...(attributes.length > 0 ? { MessageAttributes } : {}),
  };
}

const ACTIONS: Record<string, (sns: Sns, parameters: Parameters) => Promise<XmlElement[]>> = {
  Publish: async (sns, p) => [["MessageId", (await sns.publish(publishRequest(p))).MessageId]],
  CreateTopic: async (sns, p) => {
    const attributes = Object.fromEntries(entries(p, "Attributes").map((e) => [e.get("key") ?? "", e.get("value") ?? ""]));
    return [["TopicArn", (await sns.createTopic({ Name: p.get("Name") as string, ...(Object.keys(attributes).length > 0 ? { Attributes: attributes } : {}) })).TopicArn]];
  },
};

function reply(requestId: string, status: number, root: string, children: XmlElement[]): EndpointReply {
  return { status, headers: { "content-type": "text/xml", "x-amzn-requestid": requestId }, body: xmlDocument(root, NAMESPACE, children) };
}

/**
 * SNS's Query protocol: a form-encoded POST whose Action names the operation (Publish, with its message
 * attributes flattened as `MessageAttributes.entry.N.*`; CreateTopic), answered in XML. Publish goes
 * through the session's SNS, so a function fans a message out to every subscriber as cloud.sns.publish does.
 * @see https://docs.aws.amazon.com/sns/latest/api/API_Publish.html
 */
export function snsQueryProtocol(sns: Sns): ServiceProtocol {
  return {
    // A 256 KB message, URL-encoded, with its attributes.
    maxBodyBytes: 2 * 1024 * 1024,
    async handle(request) {
      const parameters: Parameters = new Map(new URLSearchParams(request.body.toString("utf8")));
      for (const [name, value] of request.query) if (!parameters.has(name)) parameters.set(name, value);
      const name = parameters.get("Action") ?? "";
      const action = ACTIONS[name];
      if (action === undefined) {
        throw new MinicloudError("InvalidAction", `The action or operation requested is invalid: minicloud's SNS endpoint serves ${Object.keys(ACTIONS).join(" and ")}, not ${name || "a request without an Action"}.`, { statusCode: 400 });
      }
      const result = await action(sns, parameters);
      return reply(request.requestId, 200, `${name}Response`, [[`${name}Result`, result], ["ResponseMetadata", [["RequestId", request.requestId]]]]);
    },
    errorReply(error, request) {
      const known = error instanceof MinicloudError;
      const status = known ? error.statusCode : 500;
      const code = known ? error.name : "InternalError";
      const message = known ? error.message : `Internal error: ${(error as Error).message}`;
      return reply(request.requestId, status, "ErrorResponse", [["Error", [["Type", status >= 500 ? "Receiver" : "Sender"], ["Code", code], ["Message", message]]], ["RequestId", request.requestId]]);
    },
  };
}
