/** The HTTP/1.1 request the reader worker writes: request line, headers, and body, as one string. */

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BAD_VALUE = /[\x00\r\n]/;
/** Set by the request itself; a caller's header of that name would frame the message differently. */
const RESERVED = new Set([
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'expect',
]);

export function requestText(url: URL, headers: Record<string, string>, body: string): string {
  const merged = new Map<string, [string, string]>([['host', ['host', url.host]]]);
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    if (!TOKEN.test(name) || BAD_VALUE.test(value) || RESERVED.has(key))
      throw new Error(`invalid request header ${JSON.stringify(name.slice(0, 40))}`);
    merged.set(key, [name, value]);
  }
  let head = `POST ${url.pathname}${url.search} HTTP/1.1\r\n`;
  for (const [name, value] of merged.values()) head += `${name}: ${value}\r\n`;
  head += `connection: keep-alive\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n`;
  return head + body;
}
