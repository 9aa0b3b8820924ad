/**
 * Where in a provider instance an `InvalidArgumentError` points. Plugins name the setting under
 * their own prefix (`providerOptions.dynaspark.baseUrl`, `createOpenAICompatibleProvider(settings).models[1]`);
 * the first segment that is one of the instance's keys starts the part that maps back to the file
 * (`.baseUrl`, `.models[1]`). Undefined when the argument names none of them (an environment
 * variable the plugin read, say).
 */
export function settingPath(argument: string, settings: Readonly<Record<string, unknown>>): string | undefined {
  let best: number | undefined;
  for (const key of Object.keys(settings)) {
    const pattern = new RegExp(`(?:^|\\.)${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=$|[.[])`);
    const match = pattern.exec(argument);
    if (match && (best === undefined || match.index < best)) best = match.index;
  }
  if (best === undefined) return undefined;
  const rest = argument.slice(best);
  return rest.startsWith('.') ? rest : `.${rest}`;
}
