import { StoreConnectionError, type StoreConnectionProblem } from '@switchboard/core/store';

/**
 * The error for a store that cannot be used at start-up, from the connection's first error: what
 * went wrong, in the words of a fix. Reads the error's fields: a system error's `code`, and for a
 * Redis error reply its first word, which Redis makes the error's code (`WRONGPASS`, `NOAUTH`).
 * ioredis raises a timed-out command and a reply it cannot decode as plain `Error`s: their message
 * is all there is to read.
 */
export function connectionError(location: string, error: unknown): StoreConnectionError {
  const { problem, why } = diagnose(error);
  return new StoreConnectionError({ store: 'redis', location, problem, message: `Cannot use the Redis store at ${location}: ${why}`, cause: error });
}

function diagnose(error: unknown): { problem: StoreConnectionProblem; why: string } {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const replyCode = error instanceof Error && error.name === 'ReplyError' ? message.split(' ')[0] : undefined;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return { problem: 'unreachable', why: 'its host name does not resolve (check the host in the URL, and DNS).' };
  if (code === 'ECONNREFUSED') return { problem: 'unreachable', why: 'nothing accepts connections there (is redis-server running, on that port?).' };
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
    return { problem: 'unreachable', why: `the connection failed (${String(code)}).` };
  if (code === 'ETIMEDOUT' || code === 'SWITCHBOARD_CONNECT_TIMEOUT' || message === 'Command timed out')
    return { problem: 'timeout', why: 'it did not answer in time (a firewall dropping packets, or not a Redis server).' };
  if (replyCode === 'WRONGPASS' || replyCode === 'NOAUTH' || replyCode === 'NOPERM')
    return { problem: 'refused-credentials', why: `it refused our credentials (${replyCode}): check the user name and password in the URL.` };
  if (message.startsWith('Unknown RESP type'))
    return { problem: 'not-the-expected-server', why: 'what answers there does not speak the Redis protocol (is the port that of another service?).' };
  if (message.startsWith('All sentinels are unreachable')) return sentinelProblem(message);
  if (code === 'SWITCHBOARD_NOT_REDIS') return { problem: 'not-the-expected-server', why: message };
  if (code === 'SWITCHBOARD_UNSUPPORTED') return { problem: 'unsupported', why: message };
  return { problem: 'unreachable', why: `${message}.` };
}

/** ioredis found no master through the sentinels; its message ends with the last sentinel's error. */
function sentinelProblem(message: string): { problem: StoreConnectionProblem; why: string } {
  const last = /Last error: (.*)$/.exec(message)?.[1]?.replace(/\.$/, '') ?? 'none answered';
  if (/No such master/i.test(last))
    return { problem: 'unreachable', why: `the sentinels know no master by that name (${last}): check redis.name against their 'sentinel monitor' line.` };
  if (/^(WRONGPASS|NOAUTH|NOPERM)\b/.test(last))
    return { problem: 'refused-credentials', why: `a sentinel refused our credentials (${last}): check redis.sentinelUsername and sentinelPassword.` };
  return { problem: 'unreachable', why: `no sentinel told us where the master is (${last}): check the sentinels' addresses, and that they run.` };
}
