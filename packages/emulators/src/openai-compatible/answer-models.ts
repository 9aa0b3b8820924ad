import type { ServerResponse } from 'node:http';
import { applyCommonFault } from '../shared/apply-common-fault.js';
import type { TimerSet } from '../shared/create-timer-set.js';
import { jsonReply, markedReply, rawJsonReply, sendReply } from '../shared/emulator-reply.js';
import type { OpenAICompatibleFaultRule } from './openai-compatible-fault-rule.js';
import { openAIErrorReply } from './openai-error.js';

export interface AnswerModelsOptions {
  res: ServerResponse;
  models: readonly string[];
  rule: OpenAICompatibleFaultRule | undefined;
  timers: TimerSet;
}

/** `GET /v1/models`: the model list, or the fault a rule with `endpoint: 'models'` asks for. */
export function answerModels(options: AnswerModelsOptions): void {
  const { res, models, rule, timers } = options;
  const list = (ids: readonly string[]) => ({ object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 0, owned_by: 'switchboard-emulator' })) });
  const reply = jsonReply(200, list(models));
  if (rule && applyCommonFault({ rule, res, reply, timers, errorReply: openAIErrorReply })) return;
  const marked = { 'x-emulator-fault': rule?.fault ?? '' };
  if (rule?.fault === 'malformed-json') sendReply(res, rawJsonReply(200, '{"object": "list", "data": [', marked));
  else if (rule?.fault === 'empty') sendReply(res, jsonReply(200, list([]), marked));
  else sendReply(res, rule ? markedReply(reply, rule.fault) : reply);
}
