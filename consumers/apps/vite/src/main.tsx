import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { SupportChat } from './SupportChat';

// The server comes from the page's query string, so one build serves any port.
const server = new URLSearchParams(location.search).get('server') ?? 'http://127.0.0.1:3000';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <h1>Parley in a Vite app</h1>
    <SupportChat server={server} name="Vera" />
  </StrictMode>,
);
