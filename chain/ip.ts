import { isIP } from 'node:net';
import { ChainErrors } from './errors.js';

/** An IP address as serve_axon takes it: a u128 and its family (4 or 6). */
export interface EncodedIp {
  ip: bigint;
  ipType: 4 | 6;
}

function ipv4ToBigInt(text: string): bigint {
  return text.split('.').reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
}

function ipv6ToBigInt(text: string): bigint {
  // an embedded dotted quad (::ffff:10.0.0.5) becomes its two hex groups
  const hex = text.replace(/(\d+\.\d+\.\d+\.\d+)$/, (quad) => {
    const n = ipv4ToBigInt(quad);
    return `${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  });
  const [head = '', rest] = hex.split('::');
  const headGroups = head.split(':').filter((g) => g !== '');
  const restGroups = (rest ?? '').split(':').filter((g) => g !== '');
  const zeros = Array(8 - headGroups.length - restGroups.length).fill('0');
  return [...headGroups, ...zeros, ...restGroups].reduce((acc, g) => (acc << 16n) | BigInt(`0x${g}`), 0n);
}

/** Encodes a literal IPv4/IPv6 address the way the SDK's `ip_to_int` / `ip_version` do. */
export function encodeIp(text: string): EncodedIp {
  const family = isIP(text);
  if (family === 4) return { ip: ipv4ToBigInt(text), ipType: 4 };
  if (family === 6) return { ip: ipv6ToBigInt(text), ipType: 6 };
  throw ChainErrors.INVALID_IP(text);
}

/** The text form of an on-chain axon address (IPv6 with the longest zero run compressed). */
export function decodeIp(ip: bigint, ipType: number): string {
  if (ipType === 4) return [24n, 16n, 8n, 0n].map((s) => ((ip >> s) & 0xffn).toString()).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => ((ip >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  let best = { start: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.len && j - i > 1) best = { start: i, len: j - i };
    i = j;
  }
  if (best.start < 0) return groups.join(':');
  const left = groups.slice(0, best.start).join(':');
  const right = groups.slice(best.start + best.len).join(':');
  return `${left}::${right}`;
}
