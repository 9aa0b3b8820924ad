import * as v from 'valibot';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { CALL_SETTINGS } from '../provider/call-settings.js';
import type { Provider } from '../provider/provider.js';
import { isSupportedSpecificationVersion, unsupportedVersion } from '../provider/specification-version.js';
import { describeValue } from '../validation/describe-value.js';
import { callable, flag, listOf, nonEmptyString, oneOf, recordOf } from '../validation/option-schemas.js';
import { invalidArgumentFromIssues } from '../validation/parse-with-schema.js';
import type { StandardSchemaIssue } from '../validation/standard-schema.js';

const got = (expected: string) => (issue: v.BaseIssue<unknown>) => `expected ${expected}, got ${describeValue(issue.input)}.`;
const optionalString = (expected: string) => v.union([v.string(), v.undefined()], got(expected));
const modelName = nonEmptyString('a model name');

const attributes = v.looseObject({
  id: v.pipe(v.string(got('an id string')), v.regex(/^[a-z0-9][a-z0-9._-]*$/, got("lower-case letters, digits, '.', '_' and '-' (no '/')"))),
  label: v.optional(v.string(got('a display name'))),
  url: v.string(got("the service's home page URL")),
  loginUrl: v.optional(optionalString('a URL or undefined')),
  apiEndpoint: v.optional(optionalString('a URL or undefined')),
  working: flag(),
  needsAuth: flag(),
  useNodriver: v.optional(flag()),
  supportsStream: flag(),
  supportsSystemMessage: flag(),
  supportsMessageHistory: flag(),
  defaultModel: v.string(got('a model name')),
  defaultVisionModel: optionalString('a model name or undefined'),
  visionModels: listOf(modelName, 'an array of model names'),
  models: listOf(modelName, 'an array of model names'),
  modelAliases: recordOf(modelName, 'an object mapping public names to model names'),
  maxMediaItems: v.optional(v.pipe(v.number(got('a number of images >= 0 (Infinity for no limit)')), v.minValue(0, got('a number of images >= 0')))),
  capabilities: v.optional(
    recordOf(
      v.object(
        { tools: v.optional(flag()), parallelToolCalls: v.optional(flag()), structuredOutput: v.optional(flag()) },
        got('{ tools?, parallelToolCalls?, structuredOutput? }'),
      ),
      'an object of capabilities by model name',
    ),
  ),
  callSettings: v.optional(recordOf(listOf(oneOf(CALL_SETTINGS), 'an array of call setting names'), 'an object of call setting names by model name')),
  unconfigured: v.optional(v.object({ reason: nonEmptyString('a reason'), fix: nonEmptyString('how to fix it') }, got('{ reason, fix }'))),
  createAsyncGenerator: callable('a method returning an async iterable'),
  healthCheck: v.optional(callable('a method')),
  checkCallOptions: v.optional(callable('a method')),
  close: v.optional(callable('a method')),
});

/**
 * Checks a provider's attributes when a registry takes it, and reports every problem at once (a
 * plugin author fixing them one run at a time would need as many runs as mistakes).
 */
export function checkProvider(provider: Provider): void {
  const id = typeof provider?.id === 'string' ? provider.id : '(no id)';
  const argument = `provider '${id}'`;
  if (typeof provider !== 'object' || provider === null) {
    throw new InvalidArgumentError({ argument: 'provider', reason: `expected a provider object, got ${describeValue(provider)}.` });
  }
  if (!isSupportedSpecificationVersion(provider.specificationVersion)) throw unsupportedVersion(argument, provider.specificationVersion);
  const result = v.safeParse(attributes, provider);
  const issues: StandardSchemaIssue[] = result.success
    ? []
    : result.issues.map((issue) => ({ message: issue.message, path: issue.path?.map((item) => ({ key: item.key as PropertyKey })) }));
  if (result.success) issues.push(...consistencyIssues(provider));
  if (issues.length > 0) throw invalidArgumentFromIssues(argument, issues);
}

/** The rules between attributes: models are listed, defaults are among them, aliases lead somewhere. */
function consistencyIssues(provider: Provider): StandardSchemaIssue[] {
  const issues: StandardSchemaIssue[] = [];
  const at = (message: string, ...path: PropertyKey[]) => issues.push({ message, path: path.map((key) => ({ key })) });
  const models = provider.models;
  if (provider.unconfigured) return issues;
  if (models.length === 0) at('is empty; a provider needs at least one model (or `unconfigured` saying why it has none).', 'models');
  else if (!models.includes(provider.defaultModel)) at(`'${provider.defaultModel}' is not one of models (${models.join(', ')}).`, 'defaultModel');
  provider.visionModels.forEach((model, index) => {
    if (!models.includes(model)) at(`'${model}' is not one of models.`, 'visionModels', index);
  });
  for (const model of Object.keys(provider.callSettings ?? {})) {
    if (!models.includes(model)) at(`'${model}' is not one of models (${models.join(', ')}).`, 'callSettings', model);
  }
  if (provider.defaultVisionModel !== undefined && !provider.visionModels.includes(provider.defaultVisionModel)) {
    at(`'${provider.defaultVisionModel}' is not one of visionModels (${provider.visionModels.join(', ') || 'none'}).`, 'defaultVisionModel');
  }
  return issues;
}
