import type { Logger } from '@switchboard/core';

const nothing = () => {};

/** The default logger: a library writes nothing unless its host asks. */
export const silentLogger: Logger = {
  error: nothing,
  warn: nothing,
  info: nothing,
  debug: nothing,
  child: () => silentLogger,
  isLevelEnabled: () => false,
};
