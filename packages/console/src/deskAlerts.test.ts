import { afterEach, describe, expect, it, vi } from 'vitest';
import { canPlaySound, createBrowserAlerts } from './deskAlerts';

/** Enough of Web Audio for the chime, counting the contexts made. */
function fakeAudio() {
  const made = { contexts: 0, tones: 0 };
  class FakeAudioContext {
    state = 'running';
    currentTime = 0;
    destination = {};
    constructor() {
      made.contexts += 1;
    }
    createGain() {
      return { connect: () => undefined, gain: { setValueAtTime: () => undefined, exponentialRampToValueAtTime: () => undefined } };
    }
    createOscillator() {
      made.tones += 1;
      return { type: 'sine', frequency: { value: 0 }, connect: () => undefined, start: () => undefined, stop: () => undefined };
    }
  }
  vi.stubGlobal('AudioContext', FakeAudioContext);
  return made;
}

describe('the desk chime', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('stays silent (no AudioContext, so no autoplay warning) until the page has had a click or a key', () => {
    const made = fakeAudio();
    const activation = { hasBeenActive: false };
    vi.stubGlobal('navigator', { userActivation: activation });
    const alerts = createBrowserAlerts();
    alerts.chime();
    expect(made).toEqual({ contexts: 0, tones: 0 });
    activation.hasBeenActive = true;
    alerts.chime();
    expect(made).toEqual({ contexts: 1, tones: 2 });
  });

  it('assumes it may play where the browser does not tell', () => {
    expect(canPlaySound(undefined)).toBe(true);
    expect(canPlaySound({ hasBeenActive: false })).toBe(false);
  });
});
