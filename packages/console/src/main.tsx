import '@parley/ui/styles.css';
import './console.css';
import { browserStorage } from '@parley/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { linkTokenFrom } from './admin/adminApi';
import { ConsoleApp } from './ConsoleApp';
import { openDesk } from './deskLink';
import { asksForServer, chooseServer, fetchAllowedServers, refusalNotice } from './serverUrl';
import { readSession } from './session';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// A ?server= is honoured only if the console's own server allows it; without one, no request is made.
const allowed = asksForServer(window.location) ? await fetchAllowedServers(window.location.origin) : [];
const choice = chooseServer(window.location, allowed);
const { server } = choice;
// sessionStorage: a reload keeps the agent signed in, closing the tab signs it out, and another tab
// can sign in as someone else.
const storage = browserStorage('sessionStorage');
// A reload keeps the agent signed in: the saved token opens the desk before the first render.
const saved = readSession(storage, server);

createRoot(root).render(
  <StrictMode>
    <ConsoleApp
      server={server}
      storage={storage}
      initialDesk={saved && openDesk(saved)}
      initialNotice={refusalNotice(choice)}
      linkToken={linkTokenFrom(window.location.hash)}
      // The token leaves the address once used: it is worthless now, but need not sit in the history.
      onLinkUsed={() => history.replaceState(null, '', window.location.pathname + window.location.search)}
    />
  </StrictMode>,
);
