import { useState } from 'preact/hooks';
import type { DashboardSnapshot, RecentRequest, RequestAttempt } from '../../../src/ui/dashboard-data.js';
import { formatClock, formatMs } from '../format.js';

/** The Recent requests view: newest first; a row opens to show its attempt trail (and text, when captured). */
export function RequestsView({ data }: { data: DashboardSnapshot }) {
  const [open, setOpen] = useState<number | undefined>(undefined);
  const requests = [...data.requests].reverse();
  // A column for client keys only where the gateway has them.
  const keys = requests.some((request) => request.key !== undefined);
  return (
    <section class="view" data-view="requests">
      <p class="muted" data-capture={data.gateway.captureContent ? 'on' : 'off'}>
        The last {data.gateway.recentRequestsKept} requests {data.gateway.store.kind === 'shared' ? 'this replica answered are' : 'are'} kept.{' '}
        {data.gateway.captureContent
          ? 'Prompt and answer text are kept (captureContent is on).'
          : 'Prompt and answer text are not kept (captureContent is off).'}
      </p>
      {requests.length === 0 ? (
        <p class="empty">No requests yet. Send one from “Try it”, or with curl to /v1/chat/completions.</p>
      ) : (
        <table class="requests">
          <thead>
            <tr>
              <th>Time</th>
              <th>Route</th>
              {keys && <th>Client key</th>}
              <th>Model asked</th>
              <th>Answered by</th>
              <th>Status</th>
              <th>Latency</th>
              <th>First chunk</th>
              <th>Tokens in/out</th>
              <th>Attempts</th>
            </tr>
          </thead>
          <tbody>
            {requests.map((request) => (
              <RequestRows
                key={request.seq}
                request={request}
                keys={keys}
                open={open === request.seq}
                toggle={() => setOpen(open === request.seq ? undefined : request.seq)}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function RequestRows({ request, keys, open, toggle }: { request: RecentRequest; keys: boolean; open: boolean; toggle(): void }) {
  const failed = request.attempts.filter((attempt) => attempt.outcome === 'error').length;
  return (
    <>
      <tr
        data-request={request.seq}
        data-route={request.route}
        data-status={request.status}
        class={request.status >= 400 ? 'failed' : undefined}
        onClick={toggle}
      >
        <td>{formatClock(request.at)}</td>
        <td>{request.route}</td>
        {keys && <td>{request.key ?? <span class="muted">—</span>}</td>}
        <td class="mono">{request.model || '—'}</td>
        <td class="mono">{request.provider ? `${request.provider}/${request.providerModel ?? '?'}` : '—'}</td>
        <td>
          <span class={`badge ${request.status >= 400 ? 'status-down' : 'status-healthy'}`}>{request.status}</span>
          {request.stream && <span class="muted small"> stream</span>}
        </td>
        <td>{formatMs(request.latencyMs)}</td>
        <td>{request.stream ? formatMs(request.firstChunkMs) : ''}</td>
        <td>
          {request.inputTokens === undefined && request.outputTokens === undefined ? '—' : `${request.inputTokens ?? '?'} / ${request.outputTokens ?? '?'}`}
        </td>
        <td>
          {request.attempts.length}
          {failed > 0 && <span class="muted small"> ({failed} failed)</span>}
        </td>
      </tr>
      {open && (
        <tr class="details">
          <td colSpan={keys ? 10 : 9}>
            {request.error && (
              <p>
                <strong>{request.error.code}</strong>: {request.error.message}
              </p>
            )}
            <ol class="trail">
              {request.attempts.map((attempt, index) => (
                <AttemptItem key={index} attempt={attempt} />
              ))}
            </ol>
            {request.prompt && (
              <div class="content">
                {request.prompt.map((message, index) => (
                  <p key={index}>
                    <strong>{message.role}</strong>: {message.text}
                  </p>
                ))}
                {request.answer !== undefined && (
                  <p>
                    <strong>answer</strong>: {request.answer}
                  </p>
                )}
              </div>
            )}
          </td>
        </tr>
      )}
    </>
  );
}

function AttemptItem({ attempt }: { attempt: RequestAttempt }) {
  return (
    <li class={`attempt-${attempt.outcome}`}>
      <span class="mono">
        {attempt.provider}/{attempt.model}
      </span>{' '}
      #{attempt.attempt} {attempt.outcome}
      {attempt.errorKind && ` (${attempt.errorKind})`} after {formatMs(attempt.durationMs)}
      {attempt.decision && ` → ${attempt.decision}`}
      {attempt.message && <span class="muted small"> {attempt.message}</span>}
    </li>
  );
}
