import { describe, expect, it } from 'vitest';
import { blockedAddressReason, endpointRefusal } from './endpoint-guard.js';

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
