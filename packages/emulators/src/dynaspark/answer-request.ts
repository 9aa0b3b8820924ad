import type { ServerResponse } from 'node:http';
import { sendReply, type EmulatorReply, type ReplyHeaders } from '../shared/emulator-reply.js';
import { applyDynasparkFault } from './apply-dynaspark-fault.js';
import type { DynasparkContext } from './dynaspark-context.js';
import type { DynasparkEndpoint } from './dynaspark-fault-rule.js';
import type { DynasparkRecordedRequest } from './dynaspark-recorded-request.js';
import { jsonError } from './json-error.js';

export interface AnswerRequestOptions {
  context: DynasparkContext;
  res: ServerResponse;
  /** The answer without faults. */
  reply: EmulatorReply;
  /** Present for requests that carry a prompt, the only ones faults apply to. */
  prompt?: { endpoint: DynasparkEndpoint; userInput: string | undefined; model: string | undefined };
  /** Headers any faulted answer must still carry (the GET API's X-RateLimit-*). */
  headers?: ReplyHeaders;
  /** The log entry, told which fault it got. */
  record?: DynasparkRecordedRequest | undefined;
}

/** Sends `reply`, or the fault a directive or rule asks for, after the configured latency. */
export async function answerRequest(options: AnswerRequestOptions): Promise<void> {
  const { context, res, prompt, headers, record } = options;
  const { state } = context;
  let reply = options.reply;
  const choice = prompt && state.chooseFault({ endpoint: prompt.endpoint, model: prompt.model, prompt: prompt.userInput });
  const rule = choice && 'rule' in choice ? choice.rule : undefined;
  if (choice && 'problem' in choice) reply = jsonError(400, choice.problem, headers);
  if (record && rule) record.fault = rule.fault;
  await state.delayAnswer();
  state.countAnswer(rule);
  if (rule) applyDynasparkFault({ rule, res, reply, headers, timers: state.timers });
  else sendReply(res, reply);
}
