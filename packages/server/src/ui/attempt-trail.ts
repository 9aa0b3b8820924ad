import { AllProvidersFailedError, type AttemptRecord, TimeoutError } from '@switchboard/core';

/** The attempts a failed call made, when its error carries them. */
export function attemptTrail(error: unknown): readonly AttemptRecord[] | undefined {
  if (AllProvidersFailedError.isInstance(error) || TimeoutError.isInstance(error)) return error.attempts;
  return undefined;
}
