import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEmitter } from '../events';
import { attachApp } from './attachApp';

beforeEach(() => {
  // jsdom has no matchMedia; the widget asks it for the visitor's colour scheme and motion.
  vi.stubGlobal('matchMedia', (query: string) => ({ matches: false, media: query, addEventListener: () => undefined, removeEventListener: () => undefined }));
});

afterEach(() => {
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});

describe('attachApp', () => {
  it('has its launcher in the shadow root once `rendered` settles, so the shell can hand keyboard focus to it', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    const root = host.attachShadow({ mode: 'open' });
    // No server answers here: the launcher does not wait for one.
    const app = attachApp(root, { server: 'http://127.0.0.1:9', room: 'support' }, createEmitter());
    try {
      await app.rendered;
      // Checked at once, before any later task: the shell removes the plain launcher right here.
      expect(root.querySelector('.parley-launcher')).not.toBeNull();
    } finally {
      app.unmount();
    }
  });
});
