import type { Logger } from '@switchboard/core';
import type { LimitFunction } from 'p-limit';
import { GatewayError } from '../errors/gateway-error.js';
import { fetchImageAsDataUri } from './fetch-image-as-data-uri.js';
import type { RemoteImage, RequestImages } from '../pipeline/request-images.js';
import type { RemoteImagePolicy } from './remote-image-policy.js';

/** Options of {@link inlineRemoteImages}. */
export interface InlineRemoteImagesOptions {
  policy: RemoteImagePolicy;
  /** The gateway-wide limit of downloads running at once. */
  downloads: LimitFunction;
  /** The model as the client named it, for messages. */
  modelId: string;
  /** Most images the model's providers take in one request (0: none takes images); asked only when there are remote images. */
  imageCapacity(): number;
  signal: AbortSignal;
  logger: Logger;
}

const invalid = (param: string | null, code: string, message: string) => new GatewayError({ status: 400, type: 'invalid_request_error', code, param, message });

/**
 * Deals with image parts whose URL is not a `data:` URI (found by the route's reader), before anything is sent: refused
 * with a 400 unless the policy allows them (a server that fetches any URL its clients name can be
 * turned against the network it sits in). When allowed, everything that can be checked is
 * checked before the first byte is downloaded (the count, whether the model takes that many
 * images at all); then the images are downloaded within the policy's limits (per image, per
 * request, gateway-wide concurrency, time) and replaced by `data:` URIs. Messages of the wrong
 * shape are left for the registry, which reports them with their place.
 */
export async function inlineRemoteImages({ remote, total }: RequestImages, options: InlineRemoteImagesOptions): Promise<void> {
  const { policy, signal } = options;
  if (remote.length === 0) return;
  const first = remote[0]!;
  if (!policy.allowed) {
    throw invalid(
      first.param,
      'remote_image_not_allowed',
      `Invalid '${first.param}': this gateway does not download images from URLs. Send the image inline as a data:image/...;base64, URI (or start the gateway with allowRemoteImages).`,
    );
  }
  for (const { url, param } of remote) {
    if (!/^https?:\/\//i.test(url) || !URL.canParse(url))
      throw invalid(param, 'invalid_image_url', `Invalid '${param}': only http(s) URLs and data: URIs are accepted.`);
  }
  if (remote.length > policy.maxImages) {
    throw invalid(
      remote[policy.maxImages]!.param,
      'too_many_images',
      `The request has ${remote.length} image URLs; this gateway downloads at most ${policy.maxImages} per request (allowRemoteImages.maxImages). Send fewer, or inline them as data: URIs.`,
    );
  }
  const capacity = options.imageCapacity();
  if (total > capacity) {
    throw invalid(
      first.param,
      'unsupported_capability',
      capacity === 0
        ? `The model '${options.modelId}' takes no images; nothing was downloaded.`
        : `The request has ${total} images; the model '${options.modelId}' takes at most ${capacity} per request. Nothing was downloaded.`,
    );
  }

  const controller = new AbortController();
  const onAbort = () => controller.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  // Not unref'd: the request waits for this timer.
  const timer = setTimeout(
    () =>
      controller.abort(
        invalid(first.param, 'invalid_image_url', `Downloading the request's images took longer than this gateway's limit of ${policy.timeoutMs} ms.`),
      ),
    policy.timeoutMs,
  );
  let downloaded = 0;
  const countBytes = (bytes: number) => {
    downloaded += bytes;
    if (downloaded > policy.maxTotalBytes)
      throw invalid(
        null,
        'invalid_image_url',
        `The request's images are over this gateway's limit of ${policy.maxTotalBytes} bytes together (allowRemoteImages.maxTotalBytes).`,
      );
  };
  try {
    const uris = await Promise.all(
      remote.map(({ url, param }) =>
        options.downloads(() => {
          // Waited for its turn while another download failed or time ran out: nothing to start.
          if (controller.signal.aborted) throw controller.signal.reason;
          return fetchImageAsDataUri(url, {
            param,
            maxBytes: policy.maxBytes,
            maxRedirects: policy.maxRedirects,
            allowAddresses: policy.allowAddresses,
            countBytes,
            signal: controller.signal,
            logger: options.logger,
          });
        }),
      ),
    );
    remote.forEach(({ part }, index) => {
      const value = part.image_url;
      part.image_url = typeof value === 'string' ? uris[index] : { ...(value as object), url: uris[index] };
    });
  } catch (error) {
    // The other downloads stop (and those waiting never start) when one fails.
    controller.abort(error);
    throw error;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
    controller.abort();
  }
}

/** A chat request's remote `image_url` parts, and how many images it has in all (data: URIs included). */
export function findChatImages(messages: readonly unknown[]): RequestImages {
  const remote: RemoteImage[] = [];
  let total = 0;
  for (let index = 0; index < messages.length; index++) {
    const content = (messages[index] as { content?: unknown } | null)?.content;
    if (!Array.isArray(content)) continue;
    for (let partIndex = 0; partIndex < content.length; partIndex++) {
      const part = content[partIndex] as { type?: unknown; image_url?: unknown } | null;
      if (part?.type !== 'image_url') continue;
      total++;
      const value = part.image_url;
      const url = typeof value === 'string' ? value : (value as { url?: unknown } | null)?.url;
      if (typeof url !== 'string' || url.startsWith('data:')) continue;
      remote.push({ part: part as RemoteImage['part'], url, param: `messages[${index}].content[${partIndex}].image_url.url` });
    }
  }
  return { remote, total };
}
