import type { HealthError, HealthReport } from '@switchboard/core';
import { redactSecrets } from '../errors/redact-secrets.js';

const redacted = (error: HealthError | undefined): HealthError | undefined => (error ? { ...error, message: redactSecrets(error.message) } : undefined);

/** The report with its error messages (an upstream's words) redacted like every error a client sees. */
export function redactHealthReport(report: HealthReport): HealthReport {
  return {
    ...report,
    store: { ...report.store, ...(report.store.lastError ? { lastError: redactSecrets(report.store.lastError) } : {}) },
    providers: report.providers.map((provider) => ({
      ...provider,
      lastError: redacted(provider.lastError),
      models: provider.models.map((model) => ({ ...model, lastError: redacted(model.lastError) })),
    })),
  };
}
