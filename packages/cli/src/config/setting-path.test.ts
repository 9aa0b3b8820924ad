import { settingPath } from './setting-path.js';

describe('settingPath', () => {
  const settings = { id: 'local', baseUrl: 'http://127.0.0.1:8080/v1', models: ['a', 'b'] };

  it.each([
    ['providerOptions.dynaspark.baseUrl', '.baseUrl'],
    ['createOpenAICompatibleProvider(settings).models[1]', '.models[1]'],
    ['baseUrl', '.baseUrl'],
    ['settings.id', '.id'],
  ])('maps %s to %s', (argument, path) => {
    expect(settingPath(argument, settings)).toBe(path);
  });

  it('finds a key the plugin does not know, since the file has it', () => {
    expect(settingPath('providerOptions.dynaspark.baseUrll', { baseUrll: 'x' })).toBe('.baseUrll');
  });

  it('does not match a key inside a longer segment', () => {
    expect(settingPath('providerOptions.dynaspark.modelsList', settings)).toBeUndefined();
  });

  it('is undefined for an argument outside the settings', () => {
    expect(settingPath('DYNASPARK_BASE_URL', settings)).toBeUndefined();
  });
});
