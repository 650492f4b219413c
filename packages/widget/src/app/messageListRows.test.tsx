import type { StoredMessage } from '@parley/core';
import { MessageList } from '@parley/ui';
import { render } from '@testing-library/react';
import { expect, it } from 'vitest';

// The widget's build gives @parley/ui's MessageList every row instead of a virtualizer
// (scripts/build/flowMessageList.ts); the widget's tests get the same (vite.config.ts).
it("renders every message of the visitor's chat, without a virtualizer", () => {
  const messages: StoredMessage[] = Array.from({ length: 40 }, (_, i) => ({
    id: `m${i + 1}`,
    chatId: 'chat-1',
    seq: i + 1,
    sender: i % 2 ? 'agent' : 'me',
    type: 'text',
    message: `Message number ${i + 1}`,
    createdAt: new Date(Date.UTC(2026, 0, 5, 9, i)).toISOString(),
  }));
  const { container } = render(<MessageList messages={messages} me="me" />);
  // A virtualizer in jsdom (no layout, a viewport 0 px tall) would render a handful of rows.
  expect(container.querySelectorAll('.parley-message-row')).toHaveLength(40);
});
