/**
 * Which kind of network an address belongs to, for the audio URLs a provider
 * hands out: those are fetched without the user's credentials, but from the
 * user's machine, so a hostile or broken provider could point them at the
 * machine itself, the local network or a cloud's metadata service
 * (169.254.169.254). Only public addresses are fetched — local ones only when
 * the provider's own base URL is of the same kind (the fake provider in
 * tests, a proxy on this machine).
 */
import type { LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

export type { LookupFunction };

export type AddressKind = 'public' | 'loopback' | 'private' | 'link-local' | 'unspecified' | 'multicast';

function blockList(entries: ReadonlyArray<readonly [string, number, 'ipv4' | 'ipv6']>): BlockList {
  const list = new BlockList();
  for (const [network, prefix, family] of entries) list.addSubnet(network, prefix, family);
  return list;
}

const KINDS: ReadonlyArray<readonly [Exclude<AddressKind, 'public'>, BlockList]> = [
  [
    'loopback',
    blockList([
      ['127.0.0.0', 8, 'ipv4'],
      ['::1', 128, 'ipv6'],
    ]),
  ],
  [
    'unspecified',
    blockList([
      ['0.0.0.0', 8, 'ipv4'],
      ['::', 128, 'ipv6'],
    ]),
  ],
  [
    'link-local',
    blockList([
      ['169.254.0.0', 16, 'ipv4'],
      ['fe80::', 10, 'ipv6'],
    ]),
  ],
  [
    'private',
    blockList([
      ['10.0.0.0', 8, 'ipv4'],
      ['172.16.0.0', 12, 'ipv4'],
      ['192.168.0.0', 16, 'ipv4'],
      // Carrier-grade NAT and the IETF's own protocol block: not the public internet either.
      ['100.64.0.0', 10, 'ipv4'],
      ['192.0.0.0', 24, 'ipv4'],
      ['198.18.0.0', 15, 'ipv4'],
      ['fc00::', 7, 'ipv6'],
      ['fec0::', 10, 'ipv6'],
    ]),
  ],
  [
    'multicast',
    blockList([
      ['224.0.0.0', 3, 'ipv4'],
      ['ff00::', 8, 'ipv6'],
    ]),
  ],
];

/** The IPv4 address inside an IPv4-mapped, -compatible or NAT64 IPv6 address, which reaches that IPv4 host. */
function embeddedIpv4(ipv6: string): string | undefined {
  const match = /^(?:::ffff:|::|64:ff9b::)((?:\d{1,3}\.){3}\d{1,3})$/i.exec(ipv6);
  if (match) return match[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(ipv6);
  if (!hex) return undefined;
  const high = parseInt(hex[1] ?? '0', 16);
  const low = parseInt(hex[2] ?? '0', 16);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/** The kind of an IP address (IPv4 or IPv6, without brackets); undefined when it is not an IP address. */
export function ipKind(address: string): AddressKind | undefined {
  const family = isIP(address);
  if (family === 0) return undefined;
  if (family === 6) {
    const inner = embeddedIpv4(address);
    if (inner !== undefined) return ipKind(inner);
  }
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const [kind, list] of KINDS) if (list.check(address, type)) return kind;
  return 'public';
}

/**
 * The kind of a URL's host name as the URL parser gives it (`[::1]` with
 * brackets; `0x7f.1` already normalised to 127.0.0.1): an IP address's
 * kind, loopback for `localhost` and its subdomains, and undefined for any
 * other name, whose addresses only a DNS look-up tells (see lookupGuard).
 */
export function hostKind(hostname: string): AddressKind | undefined {
  const bare = hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return 'loopback';
  return ipKind(bare);
}

/** Whether a download may go to an address of `kind`, given the kind of the provider's base URL host. */
export function addressAllowed(kind: AddressKind, baseKind: AddressKind | undefined): boolean {
  return kind === 'public' || (kind === baseKind && kind !== 'unspecified' && kind !== 'multicast');
}

/** The error a refused address gives; download.ts turns it into a plain sentence. */
export const REFUSED_ADDRESS_CODE = 'ELYRICSREFUSEDADDRESS';

/**
 * A `lookup` for net.connect that resolves as usual and then refuses a name
 * whose addresses are not allowed (a public name that resolves to 127.0.0.1
 * or 169.254.169.254), so the check holds for names, not only for literal
 * addresses in the URL.
 */
export function lookupGuard(resolve: LookupFunction, baseKind: AddressKind | undefined): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) {
        callback(error, options.all ? [] : '');
        return;
      }
      const list: LookupAddress[] = Array.isArray(addresses) ? addresses : [{ address: addresses, family: isIP(addresses) }];
      const refused = list.find((entry) => !addressAllowed(ipKind(entry.address) ?? 'public', baseKind));
      if (refused || list.length === 0) {
        const failure: NodeJS.ErrnoException = new Error(
          refused ? `${hostname} resolves to ${refused.address}, a ${ipKind(refused.address) ?? 'local'} address` : `${hostname} has no address`,
        );
        failure.code = REFUSED_ADDRESS_CODE;
        callback(failure, options.all ? [] : '');
        return;
      }
      if (options.all) callback(null, list);
      else callback(null, list[0]?.address ?? '', list[0]?.family);
    });
  };
}
