/** An answer of the gateway that was not a success, with its OpenAI-shaped error. */
export class GatewayRefusal extends Error {
  override readonly name = 'GatewayRefusal';
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A request to the gateway that serves this page, relative to the page (so a gateway mounted
 * under a prefix works), with the key in the Authorization header: never in the URL, and no
 * cookies. A refusal becomes a {@link GatewayRefusal} carrying the gateway's own message.
 */
export async function gatewayFetch(path: string, key: string | undefined, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (key !== undefined) headers.set('authorization', `Bearer ${key}`);
  const response = await fetch(new URL(path, document.baseURI), { ...init, headers, credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer' });
  if (response.ok) return response;
  const body = (await response.json().catch(() => undefined)) as { error?: { message?: string; code?: string } } | undefined;
  throw new GatewayRefusal(response.status, body?.error?.code, body?.error?.message ?? `The gateway answered ${response.status} ${response.statusText}.`);
}
