import { SwitchboardError } from './switchboard-error.js';

/** A provider id was named that no registered provider has. */
export class ProviderNotFoundError extends SwitchboardError {
  static override readonly errorName: string = 'ProviderNotFoundError';
  override readonly name: string = 'ProviderNotFoundError';
  override readonly code: string = 'provider-not-found';

  readonly providerId: string;
  readonly availableProviders: readonly string[];
  readonly closestProviders: readonly string[];

  constructor(options: {
    providerId: string;
    availableProviders: readonly string[];
    closestProviders: readonly string[];
    /** Appended to the message (what else explains it, such as a second copy of core). */
    note?: string;
    /** Instead of the message built from the fields (when none of them explains it). */
    message?: string;
    cause?: unknown;
  }) {
    const hint = options.closestProviders.length > 0 ? ` Did you mean ${options.closestProviders.map((id) => `'${id}'`).join(' or ')}?` : '';
    const list =
      options.availableProviders.length > 0
        ? ` Registered providers: ${options.availableProviders.join(', ')}.`
        : ' No provider is registered: import a plugin such as @switchboard/provider-dynaspark.';
    super({ message: options.message ?? `Provider '${options.providerId}' is not registered.${hint}${list}${options.note ?? ''}`, cause: options.cause });
    this.providerId = options.providerId;
    this.availableProviders = options.availableProviders;
    this.closestProviders = options.closestProviders;
  }
}
