/** An id for this replica that says where it runs: `web-1:4242:9f3a`. */
export function createReplicaId(): string {
  // Loaded here, not with core: only a process that shares a store names itself.
  const { hostname } = process.getBuiltinModule('node:os');
  const { randomBytes } = process.getBuiltinModule('node:crypto');
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}
