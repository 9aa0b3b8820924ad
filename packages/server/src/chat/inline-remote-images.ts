import { GatewayError } from '../errors/gateway-error.js';
import { fetchImageAsDataUri } from './fetch-image-as-data-uri.js';
import type { RemoteImagePolicy } from './remote-image-policy.js';

interface RemoteImage {
  part: { image_url: unknown };
  url: string;
  param: string;
}

/**
 * Deals with `image_url` parts whose URL is not a `data:` URI, before anything is sent: refused
 * with a 400 unless the policy allows them (a server that fetches any URL its clients name can be
 * turned against the network it sits in); when allowed, downloaded within the policy's size and
 * time limits and replaced by `data:` URIs. Messages of the wrong shape are left for the
 * registry, which reports them with their place.
 */
export async function inlineRemoteImages(messages: readonly unknown[], policy: RemoteImagePolicy, signal: AbortSignal): Promise<void> {
  const remote = findRemoteImages(messages);
  if (remote === undefined) return;
  if (!policy.allowed) {
    const first = remote[0]!;
    throw new GatewayError({
      status: 400,
      type: 'invalid_request_error',
      code: 'remote_image_not_allowed',
      param: first.param,
      message: `Invalid '${first.param}': this gateway does not download images from URLs. Send the image inline as a data:image/...;base64, URI (or start the gateway with allowRemoteImages).`,
    });
  }
  for (const { url, param } of remote) {
    if (!/^https?:\/\//i.test(url)) {
      throw new GatewayError({
        status: 400,
        type: 'invalid_request_error',
        code: 'invalid_image_url',
        param,
        message: `Invalid '${param}': only http(s) URLs and data: URIs are accepted.`,
      });
    }
  }
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  // Not unref'd: the request waits for this timer.
  const timer = setTimeout(
    () =>
      controller.abort(
        new GatewayError({
          status: 400,
          type: 'invalid_request_error',
          code: 'invalid_image_url',
          param: remote[0]!.param,
          message: `Downloading the request's images took longer than this gateway's limit of ${policy.timeoutMs} ms.`,
        }),
      ),
    policy.timeoutMs,
  );
  try {
    const uris = await Promise.all(remote.map(({ url, param }) => fetchImageAsDataUri(url, { param, maxBytes: policy.maxBytes, signal: controller.signal })));
    remote.forEach(({ part }, index) => {
      const value = part.image_url;
      part.image_url = typeof value === 'string' ? uris[index] : { ...(value as object), url: uris[index] };
    });
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
    // The other downloads stop when one fails.
    controller.abort();
  }
}

function findRemoteImages(messages: readonly unknown[]): RemoteImage[] | undefined {
  let found: RemoteImage[] | undefined;
  for (let index = 0; index < messages.length; index++) {
    const content = (messages[index] as { content?: unknown } | null)?.content;
    if (!Array.isArray(content)) continue;
    for (let partIndex = 0; partIndex < content.length; partIndex++) {
      const part = content[partIndex] as { type?: unknown; image_url?: unknown } | null;
      if (part?.type !== 'image_url') continue;
      const value = part.image_url;
      const url = typeof value === 'string' ? value : (value as { url?: unknown } | null)?.url;
      if (typeof url !== 'string' || url.startsWith('data:')) continue;
      (found ??= []).push({ part: part as RemoteImage['part'], url, param: `messages[${index}].content[${partIndex}].image_url.url` });
    }
  }
  return found;
}
