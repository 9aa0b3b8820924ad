import type { ServerResponse } from 'node:http';
import { applyFault } from './apply-fault.js';
import { jsonError, type EmulatorReply, type ReplyHeaders } from './emulator-reply.js';
import type { EmulatorState } from './emulator-state.js';
import { FAULT_KINDS, isFaultKind } from './fault-kind.js';
import type { FaultRule } from './fault-rule.js';
import { findDirective } from './find-directive.js';
import { sendReply } from './send-reply.js';

export interface AnswerRequestOptions {
  state: EmulatorState;
  res: ServerResponse;
  /** The answer without faults. */
  reply: EmulatorReply;
  /** Present for chat requests, the only ones faults apply to. */
  chat?: { userInput: string | undefined; model: string | undefined };
  /** Headers any faulted answer must still carry (the GET API's X-RateLimit-*). */
  headers?: ReplyHeaders;
}

/** Sends `reply`, or the fault a directive or rule asks for, after the configured latency. */
export async function answerRequest(options: AnswerRequestOptions): Promise<void> {
  const { state, res, chat } = options;
  let reply = options.reply;
  let rule: FaultRule | undefined;
  // A service that is down answers 503 whatever the rules say.
  if (chat && state.mode === 'healthy') {
    const directive = chat.userInput === undefined ? undefined : findDirective(chat.userInput);
    if (directive === undefined) {
      rule = state.faultPicker.pick({ model: chat.model });
    } else if (isFaultKind(directive)) {
      rule = { fault: directive };
    } else {
      reply = jsonError(400, `Unknown fault directive '#fault:${directive}'; known kinds: ${FAULT_KINDS.join(', ')}`, options.headers);
    }
  }
  if (state.latencyMs > 0) await state.timers.delay(state.latencyMs);
  if (rule) {
    state.stats.faulted += 1;
    applyFault({ rule, res, reply, headers: options.headers, timers: state.timers });
  } else {
    state.stats.answered += 1;
    sendReply(res, reply);
  }
}
