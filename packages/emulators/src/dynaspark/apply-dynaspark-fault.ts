import type { ServerResponse } from 'node:http';
import { applyCommonFault } from '../shared/apply-common-fault.js';
import type { TimerSet } from '../shared/create-timer-set.js';
import { htmlReply, rawJsonReply, sendReply, type EmulatorReply, type ReplyHeaders } from '../shared/emulator-reply.js';
import type { DynasparkFaultRule } from './dynaspark-fault-rule.js';
import { CHALLENGE_PAGE, SITE_PAGE, WAKING_UP_PAGE } from './html-pages.js';
import { dynasparkErrorReply } from './json-error.js';

export interface ApplyDynasparkFaultOptions {
  rule: DynasparkFaultRule;
  res: ServerResponse;
  /** What the emulator would have sent without the fault: `slow-drip`, `latency` and `missing-field` use it. */
  reply: EmulatorReply;
  /** Headers every answer of this endpoint carries (the GET API's X-RateLimit-*). */
  headers?: ReplyHeaders | undefined;
  timers: TimerSet;
}

/** Sends the fault a rule asks for in place of `reply`. */
export function applyDynasparkFault(options: ApplyDynasparkFaultOptions): void {
  const { rule, res, reply, timers } = options;
  if (applyCommonFault({ rule, res, timers, reply, headers: options.headers, errorReply: dynasparkErrorReply })) return;
  const faulted = faultReply(rule, reply, { ...options.headers, 'x-emulator-fault': rule.fault });
  if (faulted) sendReply(res, faulted);
}

/** The answers only Dynaspark's faults give: what sits in front of the service, and odd bodies. */
function faultReply(rule: DynasparkFaultRule, reply: EmulatorReply, headers: ReplyHeaders): EmulatorReply | undefined {
  switch (rule.fault) {
    case 'html-503':
      return htmlReply(503, WAKING_UP_PAGE, { ...headers, 'cache-control': 'no-store' });
    case 'html-200':
      return htmlReply(200, SITE_PAGE, headers);
    case 'challenge':
      return htmlReply(403, CHALLENGE_PAGE, { ...headers, 'cf-mitigated': 'challenge', server: 'cloudflare', 'cache-control': 'no-store' });
    case 'malformed-json':
      return rawJsonReply(200, '{"response": "trunc', headers);
    case 'missing-field':
      return rawJsonReply(200, JSON.stringify({ result: reply.answer ?? '' }), headers);
    case 'empty':
      return rawJsonReply(200, '{"response": ""}', headers);
    case 'whitespace':
      return rawJsonReply(200, '{"response": "   "}', headers);
    default:
      return undefined;
  }
}
