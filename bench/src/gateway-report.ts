import type { GatewayResult } from './gateway.js';

type Table = (header: readonly string[], rows: readonly (readonly string[])[]) => string;

const LABELS = {
  direct: 'Upstream called directly',
  'bare-proxy': 'Bare proxy (node:http + undici pool)',
  switchboard: 'Switchboard gateway',
  'switchboard-responses': 'Switchboard gateway, `POST /v1/responses`',
  'switchboard-messages': 'Switchboard gateway, `POST /v1/messages`',
  'switchboard-ui-off': 'Switchboard gateway, `ui: false`',
  'switchboard-page-open': 'Switchboard gateway, a dashboard page listening',
  portkey: 'Portkey gateway',
} as const;
const fixed = (value: number | undefined, digits = 2) => (value !== undefined && Number.isFinite(value) ? value.toFixed(digits) : '-');

/** The gateway section of BENCHMARKS.md (`table` is write-report's, passed in to keep one renderer). */
export function gatewaySection(gateway: GatewayResult | undefined, table: Table): string[] {
  if (!gateway) return [];
  const { burst } = gateway;
  const lines = [
    '',
    "## Gateway: Switchboard's OpenAI-compatible server against a bare proxy and Portkey",
    '',
    `The same OpenAI-compatible emulator process (\`openai-compatible-emulator --no-record\`, answers at once: a 20-word answer, streamed one word per event) behind each gateway, every gateway in its own process: a bare proxy (node:http forwarding to an undici keep-alive pool, parsing nothing: the floor), the Switchboard gateway (\`createGateway\` with its defaults, metrics on, over \`createOpenAICompatible\`), and Portkey's open-source gateway ${gateway.portkeyVersion} (\`npx @portkey-ai/gateway --headless\`, \`x-portkey-provider: openai\`, \`x-portkey-custom-host\`). ` +
      `Concurrency ${gateway.concurrency}, ${gateway.rounds} interleaved rounds of ${gateway.requestsPerCell.toLocaleString('en-US')} requests per cell after ${gateway.warmupPerCell} warm-up requests; medians of the rounds. ` +
      'The Switchboard gateway answers the same request through its chat route (the `Switchboard gateway` rows) and, on the same process, as OpenAI Responses and Anthropic Messages requests. ' +
      'The Switchboard gateway runs three ways: with its defaults (the dashboard on: every request recorded for it), with `ui: false` (another process), and with a dashboard page listening to its live updates (its own cells on the default process; the page connects before the warm-up). ' +
      "Added latency is a target's median minus the direct median of the same round. Gateway CPU is the gateway process's user + system time (all threads, /proc/<pid>/stat) over the cell, divided by the requests. Client, emulator and gateway share the machine's cores.",
  ];
  for (const mode of ['json', 'stream'] as const) {
    lines.push(
      '',
      `### ${mode === 'json' ? 'JSON answers' : 'Streamed answers (server-sent events)'}`,
      '',
      table(
        ['Target', 'req/s', 'p50 ms', 'p99 ms', ...(mode === 'stream' ? ['first text p50 ms'] : []), 'added p50 ms', 'gateway CPU µs/req', 'note'],
        gateway.cells
          .filter((cell) => cell.mode === mode)
          .map((cell) => [
            LABELS[cell.target],
            fixed(cell.requestsPerSecond, 0),
            fixed(cell.p50Ms),
            fixed(cell.p99Ms),
            ...(mode === 'stream' ? [fixed(cell.firstTextP50Ms)] : []),
            cell.target === 'direct' ? '' : fixed(cell.addedP50Ms),
            fixed(cell.cpuMicrosPerRequest, 0),
            cell.error
              ? `failed: ${cell.error}`
              : cell.dashboardEvents !== undefined
                ? `the page received ${fixed(cell.dashboardEvents, 0)} event${cell.dashboardEvents === 1 ? '' : 's'}`
                : '',
          ]),
      ),
    );
  }
  lines.push(
    '',
    `### ${burst.streams.toLocaleString('en-US')} streams at once`,
    '',
    `${burst.streams.toLocaleString('en-US')} streaming requests started together, the emulator holding each answer ${burst.upstreamLatencyMs} ms so they overlap; first sent directly, then through the Switchboard gateway (upstream pool: ${burst.upstreamPool}). Gateway RSS sampled every 10 ms from /proc; MB = 10^6 bytes.`,
    '',
    table(
      ['completed', 'failed', 'gateway RSS before', 'peak gateway RSS', 'first text p50, through the gateway', 'first text p50, direct', 'all done in'],
      [
        [
          String(burst.completed),
          String(burst.failed),
          `${fixed(burst.baselineRssMB, 0)} MB`,
          `${fixed(burst.peakRssMB, 0)} MB`,
          `${fixed(burst.firstTextGatewayMs, 1)} ms`,
          `${fixed(burst.firstTextDirectMs, 1)} ms`,
          `${fixed(burst.durationMs, 0)} ms`,
        ],
      ],
    ),
  );
  const { leak } = gateway;
  if (leak) {
    lines.push(
      '',
      '### Leak check',
      '',
      `A fresh gateway process (its defaults, the dashboard on) answers ${leak.first.toLocaleString('en-US')} chat requests, JSON and streamed in turn at concurrency 16, then ${(leak.total - leak.first).toLocaleString('en-US')} more; its RSS is read after each part, once a full GC ran in it and it sat idle 500 ms.`,
      '',
      table(
        ['RSS after ' + leak.first.toLocaleString('en-US'), 'RSS after ' + leak.total.toLocaleString('en-US'), 'growth', 'failed'],
        [
          [
            `${fixed(leak.rssAfterFirstMB, 1)} MB`,
            `${fixed(leak.rssAfterTotalMB, 1)} MB`,
            `${fixed(leak.rssAfterTotalMB / leak.rssAfterFirstMB)}×`,
            String(leak.failed),
          ],
        ],
      ),
    );
  }
  return lines;
}
