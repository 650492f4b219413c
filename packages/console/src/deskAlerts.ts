/**
 * How the desk gets an agent's attention when the tab is not what they are looking at: a short chime
 * and a desktop notification. Replaceable, so tests and stories run without speakers or permissions.
 */
export interface DeskAlerts {
  chime(): void;
  /** `tag` replaces an older notification about the same thing; `onClick` runs when it is clicked. */
  notify(title: string, body: string, tag: string, onClick?: () => void): void;
}

/**
 * Asks for permission to show notifications, once: called from the login (a click), never on page
 * load, where browsers (rightly) treat an unprompted request as spam.
 */
export function askNotificationPermission(): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'default') return;
  Notification.requestPermission().catch(() => undefined);
}

/** The browser's alerts: Web Audio (no sound file to fetch, nothing for the CSP to allow) and the Notification API. */
export function createBrowserAlerts(): DeskAlerts {
  let audio: AudioContext | undefined;
  return {
    chime() {
      if (typeof AudioContext === 'undefined') return;
      // Before the page has had a click or a key (a desk restored from a saved session), the browser
      // would refuse to start the sound and warn in the console each time: stay silent until then —
      // the notification and the tab's title still tell.
      if (!canPlaySound()) return;
      audio ??= new AudioContext();
      if (audio.state === 'suspended') audio.resume().catch(() => undefined);
      const start = audio.currentTime;
      const gain = audio.createGain();
      gain.connect(audio.destination);
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.2, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.6);
      // Two rising notes: heard as "something new", not as an error.
      for (const [frequency, offset] of [
        [880, 0],
        [1320, 0.15],
      ] as const) {
        const tone = audio.createOscillator();
        tone.type = 'sine';
        tone.frequency.value = frequency;
        tone.connect(gain);
        tone.start(start + offset);
        tone.stop(start + offset + 0.4);
      }
    },
    notify(title, body, tag, onClick) {
      if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
      try {
        const notification = new Notification(title, { body, tag });
        notification.onclick = () => {
          window.focus();
          onClick?.();
          notification.close();
        };
      } catch {
        // Chrome on Android only shows notifications from a service worker: the chime has to do.
      }
    },
  };
}

/** Whether the page has had the user activation the autoplay policy asks for (assumed where unknown). */
export function canPlaySound(activation: { hasBeenActive: boolean } | undefined = globalThis.navigator?.userActivation): boolean {
  return activation?.hasBeenActive ?? true;
}
