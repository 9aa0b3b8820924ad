import type { Logger } from '../logging/logger.js';
import { classifyError } from '../orchestration/classify-error.js';
import type { Clock } from '../orchestration/clock.js';
import { EmptyResponseError } from '../errors/empty-response-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { isBlank } from '../provider/is-blank.js';
import type { Provider } from '../provider/provider.js';
import type { HealthError } from './health-report.js';

/** Options for {@link probeProvider}. */
export interface ProbeProviderOptions {
  provider: Provider;
  /** Probe this model (default: the provider's default model). */
  model?: string | undefined;
  deep: boolean;
  timeoutMs: number;
  clock: Clock;
  logger: Logger;
  /** A background round nobody awaits: the probe's timer must not keep the process alive. @default false */
  background?: boolean;
}

export interface ProbeResult {
  ok: boolean;
  latencyMs: number;
  at: number;
  detail?: string;
  error?: HealthError;
}

/**
 * Probes a provider: its own `healthCheck()` when it has one, else a one-word prompt to the model
 * (done at the first text). The probe is cancelled at `timeoutMs` and its caller is released then
 * even if the provider ignores the signal, so a probe never hangs anyone. Never throws.
 */
export async function probeProvider({ provider, model, deep, timeoutMs, clock, logger, background = false }: ProbeProviderOptions): Promise<ProbeResult> {
  const controller = new AbortController();
  const started = clock.now();
  let timer: unknown;
  const timedOut = new Promise<never>((_, reject) => {
    timer = clock.setTimeout(
      () => {
        const error = new TimeoutError({ phase: 'health-probe', timeoutMs, provider: provider.id, ...(model ? { model } : {}) });
        controller.abort(error);
        reject(error);
      },
      timeoutMs,
      { background },
    );
  });
  const work = async (): Promise<string | undefined> => {
    if (provider.healthCheck) {
      const result = await provider.healthCheck({ signal: controller.signal, deep, ...(model ? { model } : {}) });
      if (!result.ok) throw new Error(result.detail ?? 'the provider reported itself unhealthy');
      return result.detail;
    }
    const probeModel = model ?? provider.defaultModel;
    const generator = provider.createAsyncGenerator(probeModel, [{ role: 'user', content: 'Hi' }], {
      signal: controller.signal,
      media: [],
      proxy: undefined,
      settings: {},
      extra: {},
      logger,
      mode: 'generate',
      warn: () => {},
    });
    for await (const chunk of generator) {
      const text = typeof chunk === 'string' ? chunk : chunk.type === 'text' ? chunk.text : '';
      if (!isBlank(text)) return `answered a one-word prompt with ${probeModel}`;
    }
    throw new EmptyResponseError({ provider: provider.id, model: probeModel });
  };
  try {
    const detail = await Promise.race([work(), timedOut]);
    return { ok: true, latencyMs: clock.now() - started, at: clock.now(), ...(detail ? { detail } : {}) };
  } catch (caught) {
    const error = controller.signal.aborted ? controller.signal.reason : caught;
    const { kind } = classifyError(error);
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    logger.debug({ provider: provider.id, model, err: error }, 'health probe failed');
    return { ok: false, latencyMs: clock.now() - started, at: clock.now(), error: { kind, message, at: clock.now() } };
  } finally {
    clock.clearTimeout(timer);
    timedOut.catch(() => {});
  }
}
