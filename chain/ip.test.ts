import { describe, expect, it } from 'vitest';
import { ChainErrors } from './errors.js';
import { decodeIp, encodeIp } from './ip.js';

describe('encodeIp / decodeIp', () => {
  it('encodes IPv4 as a big-endian integer', () => {
    // 10.0.0.5 = 10 * 2^24 + 5 = 167772165 (the value the runtime stored under chopsticks)
    expect(encodeIp('10.0.0.5')).toEqual({ ip: 167772165n, ipType: 4 });
    expect(decodeIp(167772165n, 4)).toBe('10.0.0.5');
  });

  it('encodes IPv6, expanding :: and embedded IPv4', () => {
    expect(encodeIp('2001:db8::7')).toEqual({ ip: 0x20010db8000000000000000000000007n, ipType: 6 });
    expect(encodeIp('::ffff:10.0.0.5')).toEqual({ ip: 0xffff0a000005n, ipType: 6 });
    expect(encodeIp('::1').ip).toBe(1n);
    expect(decodeIp(0x20010db8000000000000000000000007n, 6)).toBe('2001:db8::7');
    expect(decodeIp(0x20010db8000100020003000400050006n, 6)).toBe('2001:db8:1:2:3:4:5:6');
  });

  it('rejects anything that is not a literal address', () => {
    expect(() => encodeIp('example.org')).toThrow(/not an IPv4 or IPv6 address/);
    try {
      encodeIp('10.0.0');
    } catch (err) {
      expect(ChainErrors.INVALID_IP.is(err)).toBe(true);
    }
  });
});
