import { describe, expect, it } from 'vitest';
import { blockedAddressReason, endpointOrigin, endpointRefusal } from './endpoint-guard.js';
import { ValidatorErrors } from './errors.js';

describe('endpoint guard', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '::1',
    'fe80::1',
    'fd00::5',
    '::ffff:127.0.0.1',
    '0.0.0.0',
  ])('refuses %s', (a) => expect(blockedAddressReason(a)).toBeDefined());

  it.each(['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '172.32.0.1'])('accepts %s', (a) =>
    expect(blockedAddressReason(a)).toBeUndefined(),
  );

  // every range the guard refuses, with the name it gives; mapped, NAT64, 6to4 and IPv4-compatible forms
  // name the IPv4 address they embed. Before the fix the NAT64, 6to4, ::/96, fec0::/10 rows were accepted.
  it.each([
    ['0.1.2.3', /"this network" address \(0\.0\.0\.0\/8\)/],
    ['10.255.0.1', /a private address \(10\.0\.0\.0\/8\)/],
    ['100.64.0.1', /carrier-grade NAT.*100\.64\.0\.0\/10/],
    ['127.0.0.1', /a loopback address \(127\.0\.0\.0\/8\)/],
    ['127.255.255.254', /loopback/],
    ['169.254.169.254', /a link-local address \(169\.254\.0\.0\/16\)/],
    ['172.31.255.255', /a private address \(172\.16\.0\.0\/12\)/],
    ['192.0.0.8', /IETF protocol assignment/],
    ['192.0.2.1', /documentation/],
    ['192.88.99.1', /6to4 relay/],
    ['192.168.0.1', /a private address \(192\.168\.0\.0\/16\)/],
    ['198.19.0.1', /benchmarking/],
    ['198.51.100.7', /documentation/],
    ['203.0.113.9', /documentation/],
    ['239.1.1.1', /multicast/],
    ['255.255.255.255', /reserved or broadcast/],
    ['::', /the unspecified address/],
    ['::1', /a loopback address \(::1\/128\)/],
    ['0:0:0:0:0:0:0:1', /loopback/],
    ['::7f00:1', /IPv4-compatible address \(deprecated\) \(::\/96\) embedding 127\.0\.0\.1/],
    ['::8.8.8.8', /IPv4-compatible .* embedding 8\.8\.8\.8/],
    ['::ffff:127.0.0.1', /IPv4-mapped address of 127\.0\.0\.1, a loopback address/],
    ['::ffff:7f00:1', /IPv4-mapped address of 127\.0\.0\.1, a loopback/],
    ['::FFFF:a9fe:a9fe', /IPv4-mapped address of 169\.254\.169\.254, a link-local/],
    ['::ffff:10.0.0.1', /IPv4-mapped address of 10\.0\.0\.1, a private/],
    ['::ffff:0:127.0.0.1', /IPv4-translated/],
    ['64:ff9b::7f00:1', /a NAT64 address \(64:ff9b::\/96\) embedding 127\.0\.0\.1/],
    ['64:ff9b::10.0.0.1', /NAT64 .* embedding 10\.0\.0\.1/],
    ['64:ff9b::8.8.8.8', /NAT64 .* embedding 8\.8\.8\.8/],
    ['64:ff9b:1::1', /local-use NAT64/],
    ['100::1', /discard-only/],
    ['2001:0:4136:e378::1', /Teredo/],
    ['2001:db8::1', /documentation/],
    ['2002:7f00:1::1', /a 6to4 address \(2002::\/16\) embedding 127\.0\.0\.1/],
    ['2002:c0a8:101::', /6to4 .* embedding 192\.168\.1\.1/],
    ['fc00::1', /unique local address/],
    ['fd12:3456::1', /unique local address \(ULA\) \(fc00::\/7\)/],
    ['fe80::1', /a link-local address \(fe80::\/10\)/],
    ['febf::1', /link-local/],
    ['fec0::1', /a site-local address \(deprecated\) \(fec0::\/10\)/],
    ['feff::1', /site-local/],
    ['ff02::1', /multicast/],
    ['4000::1', /outside global unicast/],
    ['fe80::1%eth0', /not an IP address/],
    ['example.com', /not an IP address/],
  ])('names the range of %s', (a, why) => expect(blockedAddressReason(a)).toMatch(why));

  it.each(['9.9.9.9', '100.128.0.1', '172.15.255.255', '192.0.3.1', '198.20.0.1', '223.255.255.1'])(
    'accepts the public IPv4 address %s',
    (a) => expect(blockedAddressReason(a)).toBeUndefined(),
  );

  it.each(['2a00:1450:4001::200e', '2001:4860:4860::8888', '::ffff:8.8.8.8', '2003::1', '3fff:ffff::1'])(
    'accepts the public IPv6 address %s',
    (a) => expect(blockedAddressReason(a)).toBeUndefined(),
  );

  it('accepts an origin only: scheme, host, port', () => {
    expect(endpointOrigin('https://miner.example:8080').origin).toBe('https://miner.example:8080');
    expect(endpointOrigin('http://[2001:4860::1]:9000/').host).toBe('[2001:4860::1]:9000');
    const refused = (endpoint: string) => {
      try {
        endpointOrigin(endpoint);
      } catch (err) {
        expect(ValidatorErrors.ENDPOINT_NOT_ORIGIN.is(err)).toBe(true);
        return (err as Error).message;
      }
      throw new Error(`${endpoint} was accepted`);
    };
    expect(refused('https://miner.example:8080/v1')).toMatch(/carries a path \(\/v1\)/);
    expect(refused('https://miner.example/admin/../x')).toMatch(/carries a path/);
    expect(refused('http://miner.example\\x')).toMatch(/carries a path/);
    expect(refused('http://miner.example:8080/?next=http://10.0.0.1')).toMatch(/carries a query/);
    expect(refused('http://miner.example:8080?')).toMatch(/carries a query/);
    expect(refused('http://miner.example:8080#frag')).toMatch(/carries a fragment/);
    expect(refused('http://user:pw@miner.example')).toMatch(/carries credentials/);
    expect(refused('http://@miner.example')).toMatch(/carries credentials/);
    expect(refused('ftp://miner.example')).toMatch(/scheme ftp:/);
    expect(refused('miner.example:8080')).toMatch(/scheme miner\.example:|does not parse/);
    expect(refused('not a url')).toMatch(/does not parse/);
  });

  it('checks what a hostname resolves to, and allows private addresses only when told to', async () => {
    expect(await endpointRefusal('http://localhost:8080', false)).toMatch(/localhost resolves to .*loopback/);
    expect(await endpointRefusal('http://127.0.0.1:8080', true)).toBeUndefined();
    expect(await endpointRefusal('http://[::1]:8080', false)).toMatch(/loopback/);
    expect(await endpointRefusal('http://8.8.8.8:8080', false)).toBeUndefined();
  });

  it('refuses URLs that are not plain http(s)', async () => {
    expect(await endpointRefusal('file:///etc/passwd', true)).toMatch(/scheme file:/);
    expect(await endpointRefusal('http://user:pw@8.8.8.8/', true)).toMatch(/credentials/);
    expect(await endpointRefusal('not a url', true)).toBe('not a URL');
  });
});
