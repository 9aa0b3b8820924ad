import ipaddr from 'ipaddr.js';
import type { AddressAllowList } from './address-allow-list.js';

/**
 * Why an address may not be downloaded from, or undefined when it may: only public unicast
 * addresses are fetched, plus those the allow-list names. IPv4 addresses written as IPv6
 * (`::ffff:127.0.0.1`) are judged as the IPv4 address they are; every special range ipaddr.js
 * knows (loopback, private, link-local and so cloud metadata at 169.254.169.254, unique local,
 * carrier-grade NAT, multicast, reserved, 6to4, NAT64…) is refused.
 */
export function addressRefusal(address: string, allow: AddressAllowList): string | undefined {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.process(address);
  } catch {
    return 'not an IP address';
  }
  const range = parsed.range();
  if (range === 'unicast' || allow.has(parsed)) return undefined;
  return range;
}
