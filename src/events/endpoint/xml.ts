/** An XML element: its name and its content (text, or child elements); elements whose content is undefined are left out. */
export type XmlElement = [name: string, content: string | number | boolean | undefined | XmlElement[]];

/** Text as element content: &, < and > escaped, and \r (a parser would turn \r\n into \n). */
export function escapeXml(text: string): string {
  return text.replace(/[&<>\r]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function write([name, content]: XmlElement): string {
  if (content === undefined) return "";
  const inner = Array.isArray(content) ? content.map(write).join("") : escapeXml(String(content));
  return `<${name}>${inner}</${name}>`;
}

/** A whole XML document whose root element carries a namespace, as AWS's XML APIs answer. */
export function xmlDocument(root: string, namespace: string, children: XmlElement[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${namespace}">${children.map(write).join("")}</${root}>`;
}

/** An XML document without a namespace (S3's error documents have none). */
export function bareXmlDocument(element: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${write(element)}`;
}
