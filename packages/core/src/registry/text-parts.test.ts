// The `textParts` call option: a caller that writes or counts pieces itself (the gateway) lets a
// provider hand over the text of one network read as one part keeping its pieces; everyone else
// gets one part per piece, and a provider is told nothing.
import 'reflect-metadata';
import { StreamInterruptedError } from '../errors/stream-interrupted-error.js';
import type { Message } from '../provider/message.js';
import type { ProviderCallOptions } from '../provider/provider-call-options.js';
import type { ProviderChunk, StreamPart } from '../provider/stream-part.js';
import { createFakeProvider } from '../__fixtures__/fake-provider.js';
import { rejection } from '../testing/captured-error.js';

const { registryWith } = await import('./__fixtures__/registry-with.js');

/** A provider that joins the pieces of a "read" only when the call allows it, as the contract asks. */
function readingProvider(reads: readonly (readonly string[])[], failure?: Error) {
  return createFakeProvider({
    id: 'alpha',
    models: ['echo'],
    capabilities: { echo: { structuredOutput: true } },
    answer: async function* (_model: string, _messages: readonly Message[], options: ProviderCallOptions): AsyncIterable<ProviderChunk> {
      for (const pieces of reads) {
        if (options.textParts === 'per-read' && pieces.length > 1) yield { type: 'text', text: pieces.join(''), pieces };
        else for (const piece of pieces) yield { type: 'text', text: piece };
      }
      if (failure) throw failure;
      yield { type: 'finish', finishReason: 'stop' };
    },
  });
}

async function textPartsOf(stream: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of stream) if (part.type === 'text') parts.push(part);
  return parts;
}

const READS = [['{"city":', '"Paris"'], ['}']];

describe('textParts', () => {
  it("tells the provider nothing by default, nor for 'per-piece': every text part is one piece", async () => {
    const alpha = readingProvider(READS);
    const model = registryWith([alpha]).create();

    const byDefault = await textPartsOf(model.stream('Hi'));
    const perPiece = await textPartsOf(model.stream('Hi', { textParts: 'per-piece' }));

    expect(alpha.calls.map((call) => 'textParts' in call.options)).toEqual([false, false]);
    const onePerPiece = [
      { type: 'text', text: '{"city":' },
      { type: 'text', text: '"Paris"' },
      { type: 'text', text: '}' },
    ];
    expect(byDefault).toEqual(onePerPiece);
    expect(perPiece).toEqual(onePerPiece);
  });

  it('splits the parts of a provider that joins pieces unasked, so a caller who did not ask still gets one part per piece', async () => {
    const joining = createFakeProvider({
      id: 'alpha',
      models: ['echo'],
      answer: async function* () {
        yield { type: 'text', text: 'Hello', pieces: ['Hel', 'lo'] };
        yield { type: 'finish', finishReason: 'stop' };
      },
    });
    const model = registryWith([joining]).create();

    expect(await textPartsOf(model.stream('Hi'))).toEqual([
      { type: 'text', text: 'Hel' },
      { type: 'text', text: 'lo' },
    ]);
    expect(await textPartsOf(model.stream('Hi', { textParts: 'per-read' }))).toEqual([{ type: 'text', text: 'Hello', pieces: ['Hel', 'lo'] }]);
  });

  it("with 'per-read', passes the provider's joined parts on whole, and times the first of them", async () => {
    const alpha = readingProvider(READS);
    const stream = registryWith([alpha]).create().stream('Hi', { textParts: 'per-read' });

    expect(await textPartsOf(stream)).toEqual([
      { type: 'text', text: '{"city":"Paris"', pieces: ['{"city":', '"Paris"'] },
      { type: 'text', text: '}' },
    ]);
    expect(alpha.calls[0]!.options.textParts).toBe('per-read');
    expect(stream.firstChunkMs).toEqual(expect.any(Number));
    expect(stream.provider).toBe('alpha');
  });

  it("with 'per-read', generate() and a streamed JSON answer still read the whole text", async () => {
    const model = registryWith([readingProvider(READS)]).create();

    const whole = await model.generate('Hi', { textParts: 'per-read', responseFormat: { type: 'json' } });
    expect(whole.text).toBe('{"city":"Paris"}');
    expect(whole.object).toEqual({ city: 'Paris' });

    const parts: StreamPart[] = [];
    for await (const part of model.stream('Hi', { textParts: 'per-read', responseFormat: { type: 'json' } })) parts.push(part);
    expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: 'stop' });
  });

  it("with 'per-read', a failure mid-stream counts every character of the joined parts delivered", async () => {
    const reset = new Error('socket hang up');
    const received: StreamPart[] = [];

    const error = await rejection(
      (async () => {
        for await (const part of registryWith([readingProvider([['Hello, ', 'wor']], reset)])
          .create()
          .stream('Hi', { textParts: 'per-read' }))
          received.push(part);
      })(),
    );

    expect(StreamInterruptedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ deliveredCharacters: 10, deliveredParts: 1, cause: reset });
    expect(received.filter((part) => part.type === 'text')).toEqual([{ type: 'text', text: 'Hello, wor', pieces: ['Hello, ', 'wor'] }]);
  });
});
