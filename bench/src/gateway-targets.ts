import type { GatewayCell, GatewayMode, GatewayResult, GatewayTargetId } from './gateway.js';

/** One target of the gateway scenario, for targets.ts to add (kept here so that file only registers them). */
export interface GatewayTarget {
  target: string;
  measured: string;
  limit: string;
  /** Undefined when it could not be measured (the scenario failed, or Portkey could not stream). */
  pass: boolean | undefined;
  reason: () => string;
}

const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)} ms` : '-');
const us = (value: number | undefined) => (value !== undefined && Number.isFinite(value) ? `${value.toFixed(0)} µs` : '-');
const ratio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '-');
const MODES: Record<GatewayMode, string> = { json: 'JSON', stream: 'streaming' };

/**
 * The gateway's targets: its CPU per request within 2× of a bare proxy's and its added median
 * latency within 1.5× (JSON and streamed), at most a fifth of Portkey's CPU and added latency;
 * 1,000 concurrent streams all complete under 200 MB of RSS; RSS flat from 1,000 to 10,000
 * requests.
 */
export function gatewayTargets(result: GatewayResult | undefined): GatewayTarget[] {
  const rows: GatewayTarget[] = [];
  for (const mode of ['json', 'stream'] as const) {
    const cell = (target: GatewayTargetId): GatewayCell | undefined => result?.cells.find((each) => each.target === target && each.mode === mode);
    const switchboard = cell('switchboard');
    const portkey = cell('portkey');
    const proxy = cell('bare-proxy');
    const portkeyFailed = portkey?.error !== undefined;
    const comparable = switchboard !== undefined && portkey !== undefined && !portkeyFailed && switchboard.error === undefined;
    const withProxy = switchboard !== undefined && proxy !== undefined && !switchboard.error && !proxy.error;
    const cpuOverProxy = (switchboard?.cpuMicrosPerRequest ?? Number.NaN) / (proxy?.cpuMicrosPerRequest ?? Number.NaN);
    const floorNote = () =>
      `The bare proxy (node:http + an undici pool, no parsing) alone adds ${ms(proxy?.addedP50Ms ?? Number.NaN)} and uses ${us(proxy?.cpuMicrosPerRequest)} per request, ` +
      `${ratio((proxy?.cpuMicrosPerRequest ?? Number.NaN) / (portkey?.cpuMicrosPerRequest ?? Number.NaN))} of Portkey's CPU: most of a Node gateway's cost is the HTTP server and client work every one of them does (sockets, parsing HTTP, system calls). ` +
      `Switchboard adds ${us((switchboard?.cpuMicrosPerRequest ?? Number.NaN) - (proxy?.cpuMicrosPerRequest ?? Number.NaN))} over that floor: reading and checking the request, the registry call (candidates, attempt, circuit, health), the provider parsing the upstream answer, and writing the answer` +
      (mode === 'stream' ? ", per chunk of a stream: parsing the upstream event and writing the client's." : '.');
    rows.push({
      target: `Gateway, ${MODES[mode]}, concurrency 16: Switchboard's CPU per request vs the bare proxy's`,
      measured: `${us(switchboard?.cpuMicrosPerRequest)} vs ${us(proxy?.cpuMicrosPerRequest)} (${ratio(cpuOverProxy)})`,
      limit: '≤ 2×',
      pass: withProxy ? cpuOverProxy <= 2 : undefined,
      reason: floorNote,
    });
    const overProxy = (switchboard?.addedP50Ms ?? Number.NaN) / (proxy?.addedP50Ms ?? Number.NaN);
    rows.push({
      target: `Gateway, ${MODES[mode]}, concurrency 16: Switchboard's added median latency vs the bare proxy's`,
      measured: `${ms(switchboard?.addedP50Ms ?? Number.NaN)} vs ${ms(proxy?.addedP50Ms ?? Number.NaN)} (${ratio(overProxy)})`,
      limit: '≤ 1.5×',
      pass: withProxy ? overProxy <= 1.5 : undefined,
      reason: () =>
        `Switchboard uses ${us(switchboard?.cpuMicrosPerRequest)} of CPU per request against the proxy's ${us(proxy?.cpuMicrosPerRequest)}; on two shared cores (client, emulator and gateway) that CPU is queueing time at concurrency 16.`,
    });
    const portkeyNote = portkeyFailed ? `Portkey ${result!.portkeyVersion} failed (${portkey!.error}); not comparable` : undefined;
    const cpuRatio = (switchboard?.cpuMicrosPerRequest ?? Number.NaN) / (portkey?.cpuMicrosPerRequest ?? Number.NaN);
    rows.push({
      target: `Gateway, ${MODES[mode]}, concurrency 16: Switchboard's CPU per request vs Portkey's`,
      measured: portkeyNote ?? `${us(switchboard?.cpuMicrosPerRequest)} vs ${us(portkey?.cpuMicrosPerRequest)} (${ratio(cpuRatio)})`,
      limit: '≤ 0.20×',
      pass: comparable ? cpuRatio <= 0.2 : undefined,
      reason: floorNote,
    });
    const latencyRatio = (switchboard?.addedP50Ms ?? Number.NaN) / (portkey?.addedP50Ms ?? Number.NaN);
    rows.push({
      target: `Gateway, ${MODES[mode]}, concurrency 16: Switchboard's added median latency vs Portkey's`,
      measured: portkeyNote ?? `${ms(switchboard?.addedP50Ms ?? Number.NaN)} vs ${ms(portkey?.addedP50Ms ?? Number.NaN)} (${ratio(latencyRatio)})`,
      limit: '≤ 0.20×',
      pass: comparable ? latencyRatio <= 0.2 : undefined,
      reason: floorNote,
    });
  }
  for (const mode of ['json', 'stream'] as const) {
    const cell = (target: GatewayTargetId): GatewayCell | undefined => result?.cells.find((each) => each.target === target && each.mode === mode);
    const off = cell('switchboard-ui-off');
    const open = cell('switchboard-page-open');
    const cpuRatio = (open?.cpuMicrosPerRequest ?? Number.NaN) / (off?.cpuMicrosPerRequest ?? Number.NaN);
    rows.push({
      target: `Gateway, ${MODES[mode]}, concurrency 16: CPU per request with a dashboard page open vs \`ui: false\``,
      measured: `${us(open?.cpuMicrosPerRequest)} vs ${us(off?.cpuMicrosPerRequest)} (${ratio(cpuRatio)}); added p50 ${ms(open?.addedP50Ms ?? Number.NaN)} vs ${ms(off?.addedP50Ms ?? Number.NaN)}`,
      limit: '≤ 1.10× (noise)',
      pass: open && off && !open.error && !off.error ? cpuRatio <= 1.1 : undefined,
      reason: () =>
        `The recording itself is a few counters and one object per request; the page's updates cost one health read and one JSON event a second, shared by every request of that second. On two shared cores, differences of this size are within the noise of one round.`,
    });
  }
  for (const mode of ['json', 'stream'] as const) {
    const cell = (target: GatewayTargetId): GatewayCell | undefined => result?.cells.find((each) => each.target === target && each.mode === mode);
    const chat = cell('switchboard');
    for (const [target, api] of [
      ['switchboard-responses', 'POST /v1/responses'],
      ['switchboard-messages', 'POST /v1/messages'],
    ] as const) {
      const other = cell(target);
      const cpuRatio = (other?.cpuMicrosPerRequest ?? Number.NaN) / (chat?.cpuMicrosPerRequest ?? Number.NaN);
      rows.push({
        target: `Gateway, ${MODES[mode]}, concurrency 16 (aim): CPU per request of \`${api}\` vs the chat route's`,
        measured: `${us(other?.cpuMicrosPerRequest)} vs ${us(chat?.cpuMicrosPerRequest)} (${ratio(cpuRatio)}); added p50 ${ms(other?.addedP50Ms ?? Number.NaN)} vs ${ms(chat?.addedP50Ms ?? Number.NaN)}`,
        limit: '≤ 1.25×',
        pass: other && chat && !other.error && !chat.error ? cpuRatio <= 1.25 : undefined,
        reason: () =>
          other?.error
            ? `failed: ${other.error}`
            : 'The three routes share one pipeline; the difference is the reader and the writer (more events per streamed answer in these two APIs: item and content-part events around the text).',
      });
    }
  }
  const burst = result?.burst;
  rows.push({
    target: `${(burst?.streams ?? 1_000).toLocaleString('en-US')} concurrent streams through the gateway: all complete`,
    measured: burst ? `${burst.completed} completed, ${burst.failed} failed` : '-',
    limit: '0 failures',
    pass: burst ? burst.failed === 0 : undefined,
    reason: () => `first failure: ${burst?.firstError ?? 'unknown'}`,
  });
  rows.push({
    target: `${(burst?.streams ?? 1_000).toLocaleString('en-US')} concurrent streams: peak gateway RSS`,
    measured: burst ? `${burst.peakRssMB.toFixed(0)} MB` : '-',
    limit: '< 200 MB',
    pass: burst ? burst.peakRssMB < 200 : undefined,
    reason: () => `RSS rose from ${burst!.baselineRssMB.toFixed(0)} MB at rest.`,
  });
  const leak = result?.leak;
  const growth = leak ? leak.rssAfterTotalMB / leak.rssAfterFirstMB : Number.NaN;
  rows.push({
    target: `Gateway leak check: RSS after ${(leak?.total ?? 10_000).toLocaleString('en-US')} requests vs after ${(leak?.first ?? 1_000).toLocaleString('en-US')}`,
    measured: leak
      ? `${leak.rssAfterTotalMB.toFixed(0)} MB vs ${leak.rssAfterFirstMB.toFixed(0)} MB (${ratio(growth)})${leak.failed > 0 ? `; ${leak.failed} failed` : ''}`
      : '-',
    limit: '≤ 1.10×, 0 failures',
    pass: leak ? growth <= 1.1 && leak.failed === 0 : undefined,
    reason: () => (leak!.failed > 0 ? `first failure: ${leak!.firstError}` : 'RSS kept growing with the requests: something is kept per request.'),
  });
  return rows;
}
