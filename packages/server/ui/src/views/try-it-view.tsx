import { useRef, useState } from 'preact/hooks';
import type { DashboardSnapshot } from '../../../src/ui/dashboard-data.js';
import { type ChatProvenance, streamChat } from '../api/stream-chat.js';
import { formatMs } from '../format.js';

type Run =
  | { state: 'idle' }
  | { state: 'running'; text: string; provenance?: ChatProvenance; startedAt: number }
  | { state: 'done'; text: string; provenance?: ChatProvenance; ms: number }
  | { state: 'failed'; text: string; provenance?: ChatProvenance; message: string };

/** The "Try it" box: streams an answer from any model through the gateway's own chat endpoint. */
export function TryItView({ data, gatewayKey }: { data: DashboardSnapshot; gatewayKey: string | undefined }) {
  const { models } = data.gateway;
  const [model, setModel] = useState(models[0] ?? '');
  const [prompt, setPrompt] = useState('Say hello in five words.');
  const [run, setRun] = useState<Run>({ state: 'idle' });
  const controller = useRef<AbortController | undefined>(undefined);

  const send = async (event: Event) => {
    event.preventDefault();
    controller.current?.abort();
    const current = (controller.current = new AbortController());
    const startedAt = performance.now();
    let text = '';
    let provenance: ChatProvenance | undefined;
    setRun({ state: 'running', text, startedAt });
    try {
      await streamChat({
        key: gatewayKey,
        model,
        prompt,
        signal: current.signal,
        onStart(started) {
          provenance = started;
          setRun({ state: 'running', text, provenance, startedAt });
        },
        onText(piece) {
          text += piece;
          setRun({ state: 'running', text, provenance, startedAt });
        },
      });
      setRun({ state: 'done', text, provenance, ms: performance.now() - startedAt });
    } catch (error) {
      const message = current.signal.aborted ? 'Stopped.' : error instanceof Error ? error.message : String(error);
      setRun({ state: 'failed', text, provenance, message });
    }
  };

  return (
    <section class="view" data-view="try-it">
      <form class="try-it" onSubmit={send}>
        <label>
          Model{' '}
          <select value={model} onChange={(event) => setModel((event.target as HTMLSelectElement).value)} data-control="try-model">
            {models.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <textarea rows={3} value={prompt} onInput={(event) => setPrompt((event.target as HTMLTextAreaElement).value)} data-control="try-prompt" />
        <div class="buttons">
          <button type="submit" disabled={run.state === 'running' || model === ''} data-control="try-send">
            Send
          </button>
          {run.state === 'running' && (
            <button type="button" onClick={() => controller.current?.abort()}>
              Stop
            </button>
          )}
        </div>
      </form>
      {run.state !== 'idle' && (
        <div class="answer" data-run={run.state}>
          {run.provenance && (
            <p class="muted small" data-answered-by={run.provenance.provider}>
              Answered by {run.provenance.provider}/{run.provenance.model} · attempts: {run.provenance.attempts}
              {run.state === 'done' && ` · ${formatMs(run.ms)}`}
            </p>
          )}
          <p class="answer-text">{run.text || (run.state === 'running' ? '…' : '')}</p>
          {run.state === 'failed' && <p class="error">{run.message}</p>}
        </div>
      )}
    </section>
  );
}
