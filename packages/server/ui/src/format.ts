// How the page writes numbers and times. Times are measured against the gateway's clock (the
// snapshot's `at`), so a browser whose clock is off still shows "in 25 s" right.

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 10_000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

export function formatPercent(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  return `${(share * 100).toFixed(share === 0 || share === 1 ? 0 : 1)}%`;
}

export function formatCount(count: number): string {
  if (count < 10) return count.toFixed(count % 1 === 0 ? 0 : 1);
  if (count < 10_000) return Math.round(count).toString();
  return `${(count / 1000).toFixed(1)}k`;
}

/** A clock time, such as 14:03:41. */
export function formatClock(at: number): string {
  return new Date(at).toLocaleTimeString(undefined, { hour12: false });
}

/** A length of time in the largest fitting unit: "25 s", "3 min", "2 h". */
export function formatDuration(ms: number): string {
  const seconds = Math.round(Math.abs(ms) / 1000);
  return seconds < 90 ? `${seconds} s` : seconds < 5_400 ? `${Math.round(seconds / 60)} min` : `${Math.round(seconds / 3600)} h`;
}

/** How far `at` is from `now`: "in 25 s", "3 min ago". */
export function formatRelative(at: number, now: number): string {
  return at >= now ? `in ${formatDuration(at - now)}` : `${formatDuration(now - at)} ago`;
}
