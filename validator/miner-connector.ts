import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, buildConnector } from 'undici';
import { isRodeoError, type RodeoError } from '../config/index.js';
import { blockedAddressReason } from './endpoint-guard.js';
import { ValidatorErrors } from './errors.js';

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a host name to every address it has (dns.lookup with all: true unless a test gives another). */
export type Resolve = (host: string) => Promise<ResolvedAddress[]>;

export interface MinerConnectorOptions {
  /** Allow private, loopback and other non-public addresses (validator.allowPrivateEndpoints, a devnet). */
  allowPrivate: boolean;
  resolve?: Resolve;
}

const systemResolve: Resolve = (host) => dnsLookup(host, { all: true, verbatim: true });

/**
 * Resolves `host` once and checks every address it answers: one refused address refuses the host (a name
 * that mixes public and private answers is an attack, not a miner). Throws VALIDATOR_ENDPOINT_ADDRESS_REFUSED.
 */
export async function checkedAddresses(
  host: string,
  options: MinerConnectorOptions,
): Promise<ResolvedAddress[]> {
  const bare = host.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  const addresses = family ? [{ address: bare, family }] : await (options.resolve ?? systemResolve)(bare);
  if (!options.allowPrivate) {
    for (const a of addresses) {
      const reason = blockedAddressReason(a.address);
      if (reason) throw ValidatorErrors.ENDPOINT_ADDRESS_REFUSED(bare, a.address, reason);
    }
  }
  return addresses;
}

/**
 * A `lookup` for net/tls.connect that hands the socket only addresses it has just checked: the socket
 * connects to exactly what passed the check, so a name that answers differently the next time (DNS
 * rebinding) cannot lead this connection anywhere else.
 */
export function checkedLookup(options: MinerConnectorOptions): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    const wanted =
      lookupOptions.family === 'IPv4' ? 4 : lookupOptions.family === 'IPv6' ? 6 : lookupOptions.family;
    checkedAddresses(hostname, options).then(
      (all) => {
        const addresses = wanted === 4 || wanted === 6 ? all.filter((a) => a.family === wanted) : all;
        const first = addresses[0];
        if (!first) {
          const err = Object.assign(new Error(`${hostname} has no usable address`), { code: 'ENOTFOUND' });
          callback(err, '', 0);
        } else if (lookupOptions.all) {
          (callback as unknown as (err: null, addresses: ResolvedAddress[]) => void)(null, addresses);
        } else {
          callback(null, first.address, first.family);
        }
      },
      (err: Error) => callback(err, '', 0),
    );
  };
}

/**
 * For the bench's reader worker (BenchTarget.connectAddress): the first address of `host` that passes the
 * check, resolved when each request is sent; the worker connects to it and to nothing else.
 */
export function checkedAddress(options: MinerConnectorOptions): (host: string) => Promise<string> {
  return async (host) => {
    const [first] = await checkedAddresses(host, options);
    if (!first) throw Object.assign(new Error(`${host} has no usable address`), { code: 'ENOTFOUND' });
    return first.address;
  };
}

/**
 * The one way the validator connects to miners (manifest reveal, benchmark, arena): an undici Agent whose
 * connections resolve through `checkedLookup`, and whose IP-literal hosts are checked before connecting.
 * Closing it is the caller's job (`await dispatcher.close()`).
 */
export function minerDispatcher(options: MinerConnectorOptions): Agent {
  const base = buildConnector({ lookup: checkedLookup(options) });
  const connect: buildConnector.connector = (opts, callback) => {
    const host = opts.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) && !options.allowPrivate) {
      const reason = blockedAddressReason(host);
      if (reason) {
        callback(ValidatorErrors.ENDPOINT_ADDRESS_REFUSED(host, host, reason), null);
        return;
      }
    }
    base(opts, callback);
  };
  return new Agent({ connect });
}

/** The refusal inside an error thrown by a request through the miner connector, if that is what failed. */
export function addressRefusal(err: unknown): RodeoError | undefined {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (isRodeoError(e, ValidatorErrors.ENDPOINT_ADDRESS_REFUSED.code)) return e;
  }
  return undefined;
}
