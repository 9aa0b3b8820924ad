import { InvalidArgumentError } from '@switchboard/core';
import ipaddr from 'ipaddr.js';

/** The non-public addresses an operator lets the gateway download images from (`allowRemoteImages.allowAddresses`). */
export interface AddressAllowList {
  /** The entries as configured, for messages. */
  readonly entries: readonly string[];
  has(address: ipaddr.IPv4 | ipaddr.IPv6): boolean;
}

/** Parses `['127.0.0.1', '10.0.0.0/8', '::1']` once, at start-up; a bad entry is an `InvalidArgumentError` naming it. */
export function parseAddressAllowList(entries: readonly unknown[], argument: string): AddressAllowList {
  const ranges = entries.map((entry, index) => {
    if (typeof entry === 'string') {
      try {
        if (entry.includes('/')) return ipaddr.parseCIDR(entry);
        const address = ipaddr.parse(entry);
        return [address, address.kind() === 'ipv4' ? 32 : 128] as [ipaddr.IPv4 | ipaddr.IPv6, number];
      } catch {
        // Reported below with the entry.
      }
    }
    throw new InvalidArgumentError({
      argument: `${argument}[${index}]`,
      reason: `expected an IP address or CIDR range such as '127.0.0.1' or '10.0.0.0/8', got ${JSON.stringify(entry)}.`,
    });
  });
  return {
    entries: entries as string[],
    has: (address) => ranges.some(([range, bits]) => range.kind() === address.kind() && address.match(range, bits)),
  };
}
