import { createLineLogger } from './create-line-logger.js';
import { createStyles } from './create-styles.js';

function sink() {
  let text = '';
  return { stream: { write: (chunk: string) => (text += chunk) }, text: () => text };
}

const styles = createStyles({ isTTY: false }, {});

describe('createLineLogger', () => {
  it('writes one line per entry, fields and the error message in brackets', () => {
    const { stream, text } = sink();
    const logger = createLineLogger({ stream, styles }).child({ component: 'gateway' });

    logger.warn({ status: 502, err: new Error('upstream said no\nstack') }, 'request failed');

    expect(text()).toBe('warn: request failed (component=gateway, status=502, upstream said no)\n');
  });

  it('drops lines below its level (warn by default)', () => {
    const { stream, text } = sink();
    const logger = createLineLogger({ stream, styles });

    logger.info({}, 'listening');
    logger.debug({}, 'details');
    logger.error({}, 'broken');

    expect(text()).toBe('error: broken\n');
    expect(logger.isLevelEnabled?.('info')).toBe(false);
    expect(logger.isLevelEnabled?.('error')).toBe(true);
  });
});
