import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { ValidatorErrors } from './errors.js';

/**
 * Address ranges a miner endpoint must not reach (SSRF guard). Checked on the address a connection is
 * about to use, after resolution (validator/miner-connector.ts), not only on the name a miner commits.
 */
interface Range {
  bytes: number[];
  prefix: number;
  cidr: string;
  what: string;
}

const v4Ranges: Range[] = [
  ['0.0.0.0/8', 'a "this network" address'],
  ['10.0.0.0/8', 'a private address'],
  ['100.64.0.0/10', 'a shared (carrier-grade NAT) address'],
  ['127.0.0.0/8', 'a loopback address'],
  ['169.254.0.0/16', 'a link-local address'],
  ['172.16.0.0/12', 'a private address'],
  ['192.0.0.0/24', 'an IETF protocol assignment address'],
  ['192.0.2.0/24', 'a documentation address'],
  ['192.88.99.0/24', 'a 6to4 relay anycast address'],
  ['192.168.0.0/16', 'a private address'],
  ['198.18.0.0/15', 'a benchmarking address'],
  ['198.51.100.0/24', 'a documentation address'],
  ['203.0.113.0/24', 'a documentation address'],
  ['224.0.0.0/4', 'a multicast address'],
  ['240.0.0.0/4', 'a reserved or broadcast address'],
].map(([cidr, what]) => range(cidr!, what!));

/** Checked in order: the first match names the range. */
const v6Ranges: Range[] = [
  ['::/128', 'the unspecified address'],
  ['::1/128', 'a loopback address'],
  ['::/96', 'an IPv4-compatible address (deprecated)'],
  ['::ffff:0:0:0/96', 'an IPv4-translated address'],
  ['64:ff9b::/96', 'a NAT64 address'],
  ['64:ff9b:1::/48', 'a local-use NAT64 address'],
  ['100::/64', 'a discard-only address'],
  ['2001::/32', 'a Teredo address'],
  ['2001:db8::/32', 'a documentation address'],
  ['2002::/16', 'a 6to4 address'],
  ['fc00::/7', 'a unique local address (ULA)'],
  ['fe80::/10', 'a link-local address'],
  ['fec0::/10', 'a site-local address (deprecated)'],
  ['ff00::/8', 'a multicast address'],
].map(([cidr, what]) => range(cidr!, what!));

function range(cidr: string, what: string): Range {
  const [net, prefix] = cidr.split('/') as [string, string];
  return { bytes: [...(ipBytes(net) ?? [])], prefix: Number(prefix), cidr, what };
}

function inRange(bytes: Uint8Array, r: Range): boolean {
  if (bytes.length !== r.bytes.length) return false;
  for (let bit = 0; bit < r.prefix; bit += 8) {
    const mask = (0xff << (8 - Math.min(8, r.prefix - bit))) & 0xff;
    if ((bytes[bit / 8]! & mask) !== (r.bytes[bit / 8]! & mask)) return false;
  }
  return true;
}

function v4Bytes(a: string): Uint8Array | undefined {
  const parts = a.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return Uint8Array.from(parts.map(Number));
}

function v6Bytes(a: string): Uint8Array | undefined {
  let text = a;
  const tail: number[] = [];
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = v4Bytes(dotted[2]!);
    if (!v4) return undefined;
    tail.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
    text = dotted[1]!.endsWith('::') ? dotted[1]! : dotted[1]!.slice(0, -1);
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  const fill = 8 - tail.length - head.length - rest.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return undefined;
  const words = [...head, ...Array<string>(halves.length === 2 ? fill : 0).fill('0'), ...rest];
  if (!words.every((w) => /^[0-9a-f]{1,4}$/i.test(w))) return undefined;
  const all = [...words.map((w) => Number.parseInt(w, 16)), ...tail];
  return Uint8Array.from(all.flatMap((w) => [w >> 8, w & 0xff]));
}

/** The 4 or 16 bytes of an IP address in text form, or undefined when it is not one. */
function ipBytes(a: string): Uint8Array | undefined {
  return a.includes(':') ? v6Bytes(a) : v4Bytes(a);
}

const v4Text = (b: Uint8Array, at: number) => [...b.subarray(at, at + 4)].join('.');

/**
 * Why an address may not be used (the range it falls in), or undefined when it is a public unicast
 * address. IPv4-mapped forms (::ffff:a.b.c.d) are judged by the IPv4 address they carry; NAT64, 6to4,
 * Teredo, IPv4-compatible and site-local forms are refused outright, naming the IPv4 address they embed.
 */
export function blockedAddressReason(address: string): string | undefined {
  if (isIP(address) === 0 || address.includes('%')) return `${address} is not an IP address`;
  const bytes = ipBytes(address);
  if (!bytes) return `${address} is not an IP address`;
  if (bytes.length === 4) {
    const r = v4Ranges.find((x) => inRange(bytes, x));
    return r ? `${r.what} (${r.cidr})` : undefined;
  }
  const mapped = bytes.subarray(0, 12).every((b, i) => b === (i < 10 ? 0 : 0xff));
  if (mapped) {
    const inner = v4Text(bytes, 12);
    const why = blockedAddressReason(inner);
    return why ? `an IPv4-mapped address of ${inner}, ${why}` : undefined;
  }
  const r = v6Ranges.find((x) => inRange(bytes, x));
  if (r) {
    const embedded =
      r.cidr === '2002::/16'
        ? v4Text(bytes, 2)
        : r.cidr === '::/96' || r.cidr === '::ffff:0:0:0/96' || r.cidr === '64:ff9b::/96'
          ? v4Text(bytes, 12)
          : undefined;
    return `${r.what} (${r.cidr})${embedded ? ` embedding ${embedded}` : ''}`;
  }
  if ((bytes[0]! & 0xe0) !== 0x20) return 'outside global unicast (2000::/3)';
  return undefined;
}

/**
 * A miner endpoint as an origin (scheme, host, port) and nothing else. Throws VALIDATOR_ENDPOINT_NOT_ORIGIN
 * naming what else it carries: a scheme other than http(s), credentials, a path, a query or a fragment.
 */
export function endpointOrigin(endpoint: string): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw ValidatorErrors.ENDPOINT_NOT_ORIGIN(endpoint, 'no URL (it does not parse)');
  }
  const part =
    url.protocol !== 'http:' && url.protocol !== 'https:'
      ? `the scheme ${url.protocol} (only http and https)`
      : url.username || url.password || endpoint.includes('@')
        ? 'credentials'
        : url.search || endpoint.includes('?')
          ? 'a query'
          : url.hash || endpoint.includes('#')
            ? 'a fragment'
            : url.pathname !== '/' || /^https?:\/\/[^/]*\\/i.test(endpoint)
              ? `a path (${url.pathname.slice(0, 100)})`
              : undefined;
  if (part) throw ValidatorErrors.ENDPOINT_NOT_ORIGIN(endpoint, part);
  return url;
}

/**
 * Checks a miner endpoint before the validator talks to it: an http(s) URL whose host resolves only to
 * public addresses (unless private ones are allowed, as on a local devnet). Returns the reason it is refused.
 * A check only: connections to miners go through the miner connector, which checks the address it connects to.
 */
export async function endpointRefusal(endpoint: string, allowPrivate: boolean): Promise<string | undefined> {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `scheme ${url.protocol} is not http(s)`;
  if (url.username || url.password) return 'credentials in the URL are not allowed';
  if (allowPrivate) return undefined;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host)
      ? [host]
      : (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  } catch (err) {
    return `cannot resolve ${host}: ${(err as Error).message}`;
  }
  for (const a of addresses) {
    const reason = blockedAddressReason(a);
    if (reason) return `${host} resolves to ${a}, ${reason}`;
  }
  return undefined;
}
