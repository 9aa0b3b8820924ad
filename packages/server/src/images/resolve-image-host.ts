import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import type { AddressAllowList } from './address-allow-list.js';
import { addressRefusal } from './check-image-address.js';

/** The address a download connects to, once checked. */
export interface ResolvedHost {
  address: string;
  family: 4 | 6;
}

/**
 * Resolves an image URL's host name and checks every address it has: one that is not allowed
 * refuses the host (a name with a public and a private address is how DNS rebinding starts).
 * An IP literal is checked as it is (Node would not look it up). Resolves with the address to
 * connect to, or with why the host is refused.
 */
export async function resolveImageHost(hostname: string, allow: AddressAllowList, signal: AbortSignal): Promise<ResolvedHost | { refusal: string }> {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  let addresses: { address: string; family: number }[];
  if (ipaddr.isValid(bare)) addresses = [{ address: bare, family: bare.includes(':') ? 6 : 4 }];
  else {
    try {
      addresses = await lookup(bare, { all: true, verbatim: true });
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      return { refusal: `not resolved (${(error as { code?: string }).code ?? 'error'})` };
    }
  }
  if (signal.aborted) throw signal.reason;
  for (const { address } of addresses) {
    const refusal = addressRefusal(address, allow);
    if (refusal !== undefined) return { refusal: `${address} is ${refusal}` };
  }
  const [first] = addresses;
  if (!first) return { refusal: 'no address' };
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}
