import { readdirSync, readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { ConfigError } from '../errors/config-error.js';
import { checkConfig } from './check-config.js';
import { CONFIG_KEYS, SERVER_KEYS } from './config-schema.js';
import { createProviders } from './create-providers.js';
import { registryFromConfig } from './registry-from-config.js';

// The published JSON Schema (for editors) and the CLI's own checks must describe the same file.

interface JsonSchema {
  properties: Record<string, JsonSchema & { default?: unknown; examples?: unknown[] }>;
  items?: { allOf: { if: { properties: { use: { const: string } } }; then: JsonSchema }[] };
}

const schemaUrl = new URL('../../schema/switchboard.config.schema.json', import.meta.url);
const schema = JSON.parse(readFileSync(schemaUrl, 'utf8')) as JsonSchema;
const validate = new Ajv({ allErrors: true }).compile(schema);
const examplesDir = new URL('../../examples/', import.meta.url);
const samples = readdirSync(examplesDir)
  .filter((name) => name.endsWith('.json'))
  .map((name) => [name, JSON.parse(readFileSync(new URL(name, examplesDir), 'utf8'))] as const);
const dynaspark = { use: '@switchboard/provider-dynaspark', baseUrl: 'http://127.0.0.1:9' };
const file = 'switchboard.config.json';
const env = {};

/** The settings each first-party plugin takes, one sample value each. */
const PLUGIN_SETTINGS: Record<string, Record<string, unknown>> = {
  '@switchboard/provider-dynaspark': {
    id: 'ds2',
    baseUrl: 'http://127.0.0.1:9',
    path: '/generate_response',
    mode: 'api',
    apiKey: 'k',
    userAgent: 'Mozilla/5.0',
    connections: 4,
  },
  '@switchboard/provider-openai-compatible': {
    id: 'local',
    baseUrl: 'http://127.0.0.1:9/v1',
    apiKey: 'k',
    models: ['a', 'b'],
    defaultModel: 'a',
    visionModels: ['b'],
    modelAliases: { c: 'a' },
    headers: { 'x-route': 'gpu' },
    stream: false,
  },
};

describe('the JSON Schema and the CLI agree', () => {
  it('on the top-level keys and the server keys', () => {
    expect(Object.keys(schema.properties).sort()).toEqual([...CONFIG_KEYS].sort());
    expect(Object.keys(schema.properties['server']!.properties).sort()).toEqual([...SERVER_KEYS].sort());
  });

  it.each(samples)('the sample %s is valid for both', (_, sample) => {
    expect(validate(sample) ? [] : validate.errors).toEqual([]);
    expect(() => checkConfig(sample, file)).not.toThrow();
  });

  it.each(['routing', 'resilience', 'health'])('core takes every %s key the schema lists', async (section) => {
    const values = Object.fromEntries(
      Object.entries(schema.properties[section]!.properties).map(([key, property]) => [key, property.default ?? property.examples?.[0]]),
    );
    if (section === 'routing') Object.assign(values, { order: { 'gemini-2.0-flash': ['dynaspark'] }, weights: { dynaspark: 2 } });
    if (section === 'resilience') values['providers'] = ['dynaspark'];
    const config = { providers: [dynaspark], [section]: values };

    expect(validate(config) ? [] : validate.errors).toEqual([]);
    const { registry } = await registryFromConfig({ content: config, file, directory: process.cwd(), env });
    await registry.close();
  });

  it.each(['routing', 'resilience', 'health', 'server'])('both refuse an unknown key in %s', async (section) => {
    const config = { providers: [dynaspark], [section]: { notAnOption: true } };

    expect(validate(config)).toBe(false);
    await expect(registryFromConfig({ content: config, file, directory: process.cwd(), env })).rejects.toMatchObject({ path: `${section}.notAnOption` });
  });

  it.each(Object.keys(PLUGIN_SETTINGS))('%s takes every setting the schema lists for it, and both refuse others', async (use) => {
    const described = schema.properties['providers']!.items!;
    const branch = described.allOf.find((each) => each.if.properties.use.const === use)!.then;
    const settings = PLUGIN_SETTINGS[use]!;

    // `use` and `limits` are the CLI's (the plugin and the provider's budget), not settings of the plugin.
    expect(
      Object.keys(branch.properties)
        .filter((key) => key !== 'use' && key !== 'limits')
        .sort(),
    ).toEqual(Object.keys(settings).sort());
    const providers = await createProviders({ instances: [{ use, ...settings }], file, directory: process.cwd(), env });
    await Promise.all(providers.map((provider) => provider.close?.()));
    expect(validate({ providers: [{ use, ...settings, apiKey: `\${KEY}`, notASetting: 1 }] })).toBe(false);
    await expect(createProviders({ instances: [{ use, ...settings, notASetting: 1 }], file, directory: process.cwd(), env })).rejects.toMatchObject({
      path: 'providers[0].notASetting',
    });
  });

  it('both refuse a key written into the file', async () => {
    const config = { providers: [{ ...dynaspark, mode: 'api', apiKey: 'sk-in-the-file' }] };

    expect(validate(config)).toBe(false);
    await expect(registryFromConfig({ content: config, file, directory: process.cwd(), env })).rejects.toBeInstanceOf(ConfigError);
  });
});
