import type { ErrorReplyBuilder } from '../shared/apply-common-fault.js';
import { jsonReply, type EmulatorReply, type ReplyHeaders } from '../shared/emulator-reply.js';

/** The service's error shape: `{"error": "<message>"}`. */
export function jsonError(status: number, message: string, headers?: ReplyHeaders): EmulatorReply {
  return jsonReply(status, { error: message }, headers);
}

/** {@link jsonError} in the form the shared fault code takes. */
export const dynasparkErrorReply: ErrorReplyBuilder = ({ status, message, headers }) => jsonError(status, message, headers);
