// More than one copy of @switchboard/core in a process (a plugin installed with `file:` or
// `npm link`, a version mismatch npm could not dedupe) means more than one DI container: a plugin
// registers in its copy's container, the host's registry reads another, and the provider is
// "not registered" for no visible reason. Every copy signs in on a process-wide list, so each can
// tell, and say so.

/** One loaded copy of core. */
export interface CoreCopy {
  /** Where the copy was loaded from. */
  readonly location: string;
  /** Names of the provider classes or instances registered through it. */
  readonly registered: string[];
}

const COPIES = Symbol.for('switchboard.core.copies');
const WARNED = Symbol.for('switchboard.core.copies.warned');
type Global = typeof globalThis & { [COPIES]?: CoreCopy[]; [WARNED]?: boolean };

/** This copy of core. */
export const thisCopy: CoreCopy = { location: new URL('..', import.meta.url).pathname, registered: [] };

const copies = ((globalThis as Global)[COPIES] ??= []);
copies.push(thisCopy);
// The same files evaluated twice (a test runner's fresh module registry) share one container
// location, so they are one copy as far as users are concerned.
if (otherCopies().length > 0 && !(globalThis as Global)[WARNED]) {
  (globalThis as Global)[WARNED] = true;
  process.emitWarning(duplicateCoreMessage(), { code: 'SWITCHBOARD_DUPLICATE_CORE' });
}

/** The other copies of core loaded in this process. */
export function otherCopies(): CoreCopy[] {
  return copies.filter((copy) => copy !== thisCopy && copy.location !== thisCopy.location);
}

/**
 * What to tell a user whose provider cannot be found while another copy of core is loaded, or ''
 * when there is only this one.
 */
export function duplicateCoreNote(): string {
  return otherCopies().length > 0 ? ` ${duplicateCoreMessage()}` : '';
}

function duplicateCoreMessage(): string {
  const others = otherCopies();
  const describe = (copy: CoreCopy) => `${copy.location}${copy.registered.length ? ` (registered: ${copy.registered.join(', ')})` : ''}`;
  return (
    `${others.length + 1} copies of @switchboard/core are loaded: ${[thisCopy, ...others].map(describe).join('; ')}. ` +
    'Each has its own DI container, so a provider registered through one is invisible to a registry made by another. ' +
    'Fix: a plugin must list @switchboard/core as a peerDependency (not a dependency), and the app must install one copy ' +
    '(`npm dedupe`, or `pnpm install` after aligning versions; with `npm link` or `file:`, link core from the app too).'
  );
}
