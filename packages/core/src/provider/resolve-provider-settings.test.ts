import * as v from 'valibot';
import { silentLogger } from '../logging/create-logger.js';
import { thrown } from '../testing/captured-error.js';
import { strictOptions } from '../validation/option-schemas.js';
import { resolveProviderSettings } from './resolve-provider-settings.js';

const plugin = { id: 'acme', label: 'Acme', factory: 'createAcme' };
const schema = strictOptions({ id: v.optional(v.string()), baseUrl: v.optional(v.string()) }, 'setting');

describe('resolveProviderSettings', () => {
  it("names the factory in errors when code calls it, and settles the plugin's id, label, environment and logger", () => {
    const init = resolveProviderSettings(plugin, schema, undefined);

    expect(init).toEqual({ settings: {}, id: 'acme', label: 'Acme', source: 'createAcme(settings)', env: process.env, logger: silentLogger });
    expect(thrown(() => resolveProviderSettings(plugin, schema, { baseURL: 'x' }))).toMatchObject({
      argument: 'createAcme(settings).baseURL',
      reason: "unknown setting; did you mean 'baseUrl'? Known settings: id, baseUrl.",
    });
  });

  it('labels an instance under its own id, and takes the environment and logger it is given', () => {
    const logger = { ...silentLogger };
    const init = resolveProviderSettings(plugin, schema, { id: 'acme-eu' }, { env: { KEY: '1' }, logger });

    expect(init).toMatchObject({ id: 'acme-eu', label: 'Acme (acme-eu)', env: { KEY: '1' }, logger });
  });

  it('names providerOptions.<id> for the registered provider, whose id is fixed', () => {
    const init = resolveProviderSettings(plugin, schema, { baseUrl: 'u' }, { registeredAs: 'acme' });

    expect(init).toMatchObject({ id: 'acme', source: 'providerOptions.acme', settings: { baseUrl: 'u' } });
    expect(thrown(() => resolveProviderSettings(plugin, schema, { id: 'acme-eu' }, { registeredAs: 'acme' }))).toMatchObject({
      argument: 'providerOptions.acme.id',
      reason: `the provider registered by importing the package is always 'acme'. To serve another endpoint under its own id, create one: createRegistry({ providers: [createAcme({ id: "acme-eu", … })] }).`,
    });
  });
});
