/**
 * The Parley server the console talks to. The server serves the console itself, so by default it is
 * the page's own origin. `?server=https://chat.example.com` points the console at another server only
 * if the console's own server lists that origin (`--console-servers`, read from
 * `GET /v1/console/config`): otherwise a crafted link could send an agent's password anywhere (issue
 * 13). A refused `?server=` falls back to the origin and says why, in words, on the login form.
 */
export interface ServerChoice {
  server: string;
  /** The `?server=` that was refused, when one was. */
  refused?: string;
}

export function chooseServer(location: Pick<Location, 'origin' | 'search'>, allowed: readonly string[]): ServerChoice {
  const override = new URLSearchParams(location.search).get('server');
  if (!override) return { server: location.origin };
  try {
    const url = new URL(override);
    const permitted = url.origin === location.origin || allowed.includes(url.origin);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && permitted) return { server: url.href.replace(/\/+$/, '') };
  } catch {
    // Not a URL: refused below.
  }
  return { server: location.origin, refused: override.slice(0, 200) };
}

/** Whether the page was given a `?server=`: only then is the allowlist worth fetching. */
export function asksForServer(location: Pick<Location, 'search'>): boolean {
  return new URLSearchParams(location.search).has('server');
}

/** What the login form says about a refused `?server=`. */
export function refusalNotice(choice: ServerChoice): string | undefined {
  if (choice.refused === undefined) return undefined;
  return (
    `This link asked the console to sign in at ${choice.refused}, which ${choice.server} does not allow ` +
    `(its operator lists allowed servers with --console-servers). You are signing in at ${choice.server}.`
  );
}

/** The allowlist from the console's own server; none when it cannot be read. */
export async function fetchAllowedServers(origin: string, fetchImpl: typeof fetch = fetch): Promise<string[]> {
  try {
    const response = await fetchImpl(`${origin}/v1/console/config`);
    if (!response.ok) return [];
    const body = (await response.json()) as { servers?: unknown };
    return Array.isArray(body.servers) ? body.servers.filter((server): server is string => typeof server === 'string') : [];
  } catch {
    return [];
  }
}
