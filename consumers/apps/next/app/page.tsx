// A Server Component: it imports @parley/ui directly (StringsProvider is a client component, which
// works only because the package entry says 'use client') and renders the README's SupportChat.
import { StringsProvider } from '@parley/ui';
import { SupportChat } from './SupportChat';

// Rendered per request, so the server address is read at run time, not at build time.
export const dynamic = 'force-dynamic';

export default function Page() {
  return (
    <main>
      <h1>Parley in Next.js</h1>
      <StringsProvider strings={{ composerPlaceholder: 'Ask us anything' }}>
        <SupportChat server={process.env.PARLEY_URL ?? 'http://127.0.0.1:3000'} name="Vera" />
      </StringsProvider>
    </main>
  );
}
