import { ParleyError } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { serverMessage } from './CannedAdmin';

describe("the canned-response form's error line", () => {
  it('shows the server\'s reason without the route it opens with for developers', () => {
    expect(serverMessage(new ParleyError('invalid_payload', 'POST /v1/canned: shortcut: letters, digits, "-" and "_"'))).toBe(
      'shortcut: letters, digits, "-" and "_"',
    );
    expect(serverMessage(new ParleyError('conflict', 'shortcut bye is taken among your own responses'))).toBe('shortcut bye is taken among your own responses');
    expect(serverMessage(new ParleyError('internal', ''))).toBe('Something went wrong. Try again.');
  });
});
