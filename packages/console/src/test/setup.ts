import { cleanup } from '@testing-library/react';
import { mockLayout } from '@parley/ui/testing';
import { afterEach } from 'vitest';

// jsdom has no layout. The chat window's virtualized message list needs a viewport, row heights and a
// scroll offset that behaves like a browser's to render rows and to report the ones in view, which is
// when the desk sends read receipts: @parley/ui's own layout fake provides them.
mockLayout({ viewport: 480, row: 56 });

// React Testing Library cleans up through a global `afterEach`; vitest globals are off.
afterEach(() => {
  cleanup();
});
