import { lookup } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * Where a webhook may point. Outside AUTH_MODE=local: https only, and never an address inside
 * our own network (private, loopback, link-local, CGNAT, unspecified, multicast), judged on
 * the addresses the name resolves to, at subscription and again at every connection (the
 * `lookup` below), so a name that later resolves inward is refused too. Redirects are never
 * followed (the sender does not follow them).
 */

const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  BLOCKED.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  BLOCKED.addSubnet(net, prefix, 'ipv6');
}

/** Whether an IP address lies inside our own or a private network (IPv4-mapped IPv6 included). */
export function isInternalAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isInternalAddress(mapped[1]);
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (hex) {
    const [high, low] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
    return isInternalAddress([high >> 8, high & 255, low >> 8, low & 255].join('.'));
  }
  const family = isIP(address);
  if (family === 0) return true;
  return BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** What is wrong with `url` as a webhook target before any lookup, or null. */
export function urlProblem(url: string, localMode: boolean): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'url must be an absolute URL';
  }
  if (parsed.protocol !== 'https:' && !(localMode && parsed.protocol === 'http:')) return 'url must be https';
  if (parsed.username || parsed.password) return 'url must not carry a user or password';
  if (parsed.hash) return 'url must not have a fragment';
  return null;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
interface LookupAddress {
  address: string;
  family: number;
}

/**
 * A `lookup` for http(s).request that refuses internal addresses outside local mode: the
 * check happens on the very address the socket connects to.
 */
export function guardedLookup(localMode: boolean) {
  return (hostname: string, options: object, callback: LookupCallback): void => {
    lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const list = addresses as LookupAddress[];
      const internal = list.find((a) => isInternalAddress(a.address));
      if (!localMode && internal) {
        const refused = Object.assign(new Error(`${hostname} resolves to an internal address`), {
          code: 'EWEBHOOKTARGET',
        });
        return callback(refused, []);
      }
      if ((options as { all?: boolean }).all) return callback(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}

/** Resolves the url's host and answers what is wrong with it as a target, or null. */
export async function targetProblem(url: string, localMode: boolean): Promise<string | null> {
  const problem = urlProblem(url, localMode);
  if (problem || localMode) return problem;
  const hostname = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    guardedLookup(false)(hostname, { all: true }, (error) => {
      if (!error) return resolve(null);
      resolve(
        (error as { code?: string }).code === 'EWEBHOOKTARGET'
          ? 'url must not resolve to a private, loopback or link-local address'
          : 'url host does not resolve',
      );
    });
  });
}
