/**
 * Where the store keeps what, under one prefix. Every key carries a hash tag (`{…}`), so each
 * script's keys share one slot and Redis Cluster runs it on one node: the circuits, the probes and
 * the members are one hash or set each; a budget's three keys share its own tag. Names inside a tag
 * are escaped, so a budget named `a}b` cannot end it early.
 */
export interface RedisKeys {
  /** Hash: `provider/model` → circuit record (JSON). */
  circuits: string;
  /** Hash: provider → its last probe (JSON). */
  probes: string;
  /** Sorted set: replica id, scored by when its heartbeat runs out. */
  members: string;
  /** The pub/sub channel of circuit and probe changes. */
  channel: string;
  /** A budget's log, tokens and in-flight keys. */
  budget(name: string): [log: string, tokens: string, inFlight: string];
  /** A lease. */
  lease(name: string): string;
  /** A document (`getDocument`/`setDocument`): a string with an expiry, its own slot. */
  document(name: string): string;
}

const escapeTag = (name: string) => name.replace(/[%{}]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);

export function redisKeys(prefix: string): RedisKeys {
  return {
    circuits: `${prefix}{circuits}`,
    probes: `${prefix}{probes}`,
    members: `${prefix}{members}`,
    channel: `${prefix}events`,
    budget(name) {
      const tag = `${prefix}{budget:${escapeTag(name)}}`;
      return [`${tag}:log`, `${tag}:tokens`, `${tag}:in-flight`];
    },
    lease: (name) => `${prefix}{lease:${escapeTag(name)}}`,
    document: (name) => `${prefix}{doc:${escapeTag(name)}}`,
  };
}
