import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** An id for this replica that says where it runs: `web-1:4242:9f3a`. */
export function createReplicaId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}
