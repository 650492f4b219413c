/**
 * The Parley server the console talks to. The server serves the console itself, so by default it is
 * the page's own origin; `?server=https://chat.example.com` points a console served elsewhere (a dev
 * server, a CDN) at another one. Only http(s) URLs are taken: anything else falls back to the origin
 * instead of sending the agent's password somewhere unexpected.
 */
export function serverUrlFrom(location: Pick<Location, 'origin' | 'search'>): string {
  const override = new URLSearchParams(location.search).get('server');
  if (override) {
    try {
      const url = new URL(override);
      if (url.protocol === 'http:' || url.protocol === 'https:') return url.href.replace(/\/+$/, '');
    } catch {
      // Not a URL: use the origin.
    }
  }
  return location.origin;
}
