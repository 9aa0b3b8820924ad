// The 200 answer's JSON schema: Fastify compiles it once, at startup, into a serializer
// (fast-json-stringify) that is faster than JSON.stringify and writes only these fields.
const text = { type: 'string' } as const;
const integer = { type: 'integer' } as const;

export const CHAT_COMPLETION_SCHEMA = {
  type: 'object',
  properties: {
    id: text,
    object: text,
    created: integer,
    model: text,
    provider: text,
    choices: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          index: integer,
          message: {
            type: 'object',
            properties: {
              role: text,
              // null when the model only called tools.
              content: { type: ['string', 'null'] },
              tool_calls: {
                type: 'array',
                items: { type: 'object', properties: { id: text, type: text, function: { type: 'object', properties: { name: text, arguments: text } } } },
              },
            },
          },
          logprobs: { type: 'null' },
          finish_reason: text,
        },
      },
    },
    usage: { type: 'object', properties: { prompt_tokens: integer, completion_tokens: integer, total_tokens: integer } },
    warnings: { type: 'array', items: { type: 'object', properties: { code: text, message: text, provider: text, setting: text, param: text } } },
  },
} as const;
