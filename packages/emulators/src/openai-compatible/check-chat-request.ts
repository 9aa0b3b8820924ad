/** What is wrong with a chat body, as an OpenAI server words it. */
export interface ChatRequestProblem {
  message: string;
  code: string | null;
}

/** The 400s an OpenAI server sends for a bad body or an unknown model; undefined when the body is fine. */
export function checkChatRequest(body: unknown, models: readonly string[]): ChatRequestProblem | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { message: 'The body must be a JSON object.', code: null };
  const { model, messages, stream, max_tokens: maxTokens } = body as Record<string, unknown>;
  if (typeof model !== 'string') return { message: "'model' is required and must be a string.", code: null };
  if (!models.includes(model)) return { message: `The model '${model}' does not exist or you do not have access to it.`, code: 'model_not_found' };
  if (!Array.isArray(messages) || messages.length === 0) return { message: "'messages' must be a non-empty array.", code: null };
  for (const [index, message] of messages.entries()) {
    const { role, content } = (message ?? {}) as Record<string, unknown>;
    if (typeof role !== 'string') return { message: `messages[${index}].role must be a string.`, code: null };
    if (content !== null && typeof content !== 'string' && !Array.isArray(content)) {
      return { message: `messages[${index}].content must be a string or an array of parts.`, code: null };
    }
  }
  if (stream !== undefined && typeof stream !== 'boolean') return { message: "'stream' must be a boolean.", code: null };
  if (maxTokens !== undefined && !(Number.isInteger(maxTokens) && (maxTokens as number) > 0))
    return { message: "'max_tokens' must be a positive integer.", code: null };
  return checkToolFields(body as Record<string, unknown>);
}

const problem = (message: string): ChatRequestProblem => ({ message, code: null });
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The 400s an OpenAI server sends for tools, tool choices, response formats and tool messages it
 * cannot read, so a client that writes them wrong finds out here rather than against a real
 * server. Undefined when they are fine (or absent).
 */
function checkToolFields(body: Record<string, unknown>): ChatRequestProblem | undefined {
  const { tools, tool_choice: toolChoice, parallel_tool_calls: parallel, response_format: format, messages } = body;
  const names: string[] = [];
  if (tools !== undefined) {
    if (!Array.isArray(tools)) return problem("'tools' must be an array.");
    for (const [index, tool] of tools.entries()) {
      const fn = isObject(tool) ? tool.function : undefined;
      if (!isObject(tool) || tool.type !== 'function' || !isObject(fn))
        return problem(`tools[${index}] must be { type: 'function', function: { name, parameters } }.`);
      if (typeof fn.name !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(fn.name))
        return problem(`tools[${index}].function.name must be 1 to 64 letters, digits, '_' or '-'.`);
      if (fn.parameters !== undefined && !isObject(fn.parameters)) return problem(`tools[${index}].function.parameters must be a JSON Schema object.`);
      names.push(fn.name);
    }
  }
  if (toolChoice !== undefined) {
    if (names.length === 0) return problem("'tool_choice' is only allowed when 'tools' are specified.");
    const named = isObject(toolChoice) && toolChoice.type === 'function' && isObject(toolChoice.function) ? toolChoice.function.name : undefined;
    if (!['auto', 'none', 'required'].includes(toolChoice as string) && typeof named !== 'string') {
      return problem("'tool_choice' must be 'auto', 'none', 'required' or { type: 'function', function: { name } }.");
    }
    if (typeof named === 'string' && !names.includes(named))
      return problem(`'tool_choice' names '${named}', which is not among the tools (${names.join(', ')}).`);
  }
  if (parallel !== undefined && typeof parallel !== 'boolean') return problem("'parallel_tool_calls' must be a boolean.");
  if (format !== undefined) {
    const type = isObject(format) ? format.type : undefined;
    if (type !== 'text' && type !== 'json_object' && type !== 'json_schema')
      return problem("'response_format.type' must be 'text', 'json_object' or 'json_schema'.");
    const schema = (format as Record<string, unknown>).json_schema;
    if (type === 'json_schema' && (!isObject(schema) || typeof schema.name !== 'string' || !isObject(schema.schema))) {
      return problem("'response_format.json_schema' must be { name, schema } with a JSON Schema object.");
    }
  }
  return checkToolMessages(messages as unknown[]);
}

/** Assistant tool calls must be well formed, and every tool message must answer one of them. */
function checkToolMessages(messages: readonly unknown[]): ChatRequestProblem | undefined {
  // A Set: a replayed tool loop may hold a hundred thousand calls, each answer looked up once.
  const callIds = new Set<string>();
  for (const [index, message] of messages.entries()) {
    const { role, tool_calls: calls, tool_call_id: answers } = message as Record<string, unknown>;
    if (calls !== undefined) {
      if (role !== 'assistant' || !Array.isArray(calls)) return problem(`messages[${index}].tool_calls must be an array on an assistant message.`);
      for (const [position, call] of calls.entries()) {
        const fn = isObject(call) ? call.function : undefined;
        if (
          !isObject(call) ||
          typeof call.id !== 'string' ||
          call.type !== 'function' ||
          !isObject(fn) ||
          typeof fn.name !== 'string' ||
          typeof fn.arguments !== 'string'
        ) {
          return problem(
            `messages[${index}].tool_calls[${position}] must be { id, type: 'function', function: { name, arguments } } with arguments as JSON text.`,
          );
        }
        callIds.add(call.id);
      }
    }
    if (role === 'tool') {
      if (typeof answers !== 'string') return problem(`messages[${index}].tool_call_id is required on a tool message.`);
      if (!callIds.has(answers)) return problem(`messages[${index}].tool_call_id '${answers}' does not answer any earlier tool call.`);
    }
  }
  return undefined;
}
