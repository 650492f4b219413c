import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { ChatWindow } from './ChatWindow';
import { ChatHeader } from '../ChatHeader/ChatHeader';
import { MessageList } from '../MessageList/MessageList';
import { Composer } from '../Composer/Composer';
import { TypingIndicator } from '../TypingIndicator/TypingIndicator';
import { QueueStatus } from '../QueueStatus/QueueStatus';
import { ClosedBanner } from '../ClosedBanner/ClosedBanner';
import { OfflineForm } from '../OfflineForm/OfflineForm';
import { makeMessages, makePending } from '../../test/fixtures';
import { mockLayout } from '../../test/layout';
import { axeViolations } from '../../test/axe';

mockLayout();

const messages = [...makeMessages(8), makePending('see https://parley.dev', 'failed')];

function ActiveChat(props: { theme?: 'light' | 'dark' | 'auto' }) {
  return (
    <ChatWindow
      theme={props.theme}
      header={<ChatHeader title="Anna" agentStatus="online" onClose={() => {}} />}
      body={<MessageList messages={messages} me="me" users={{ agent: { name: 'Anna' } }} readSeqByUser={{ agent: 7 }} onRetry={() => {}} hasMore onLoadOlder={() => {}} />}
      typing={<TypingIndicator names={['Anna']} />}
      composer={<Composer onSend={() => {}} />}
    />
  );
}

describe('ChatWindow', () => {
  it('lays out its slots in a labelled region', () => {
    render(<ActiveChat />);
    const region = screen.getByRole('region', { name: 'Chat' });
    expect(region.querySelector('.parley-header')).toBeTruthy();
    expect(region.querySelector('[role="log"]')).toBeTruthy();
    expect(region.querySelector('.parley-composer')).toBeTruthy();
  });

  it('follows the system theme unless one is pinned', () => {
    const { rerender } = render(<ActiveChat />);
    const region = screen.getByRole('region', { name: 'Chat' });
    expect(region.hasAttribute('data-theme')).toBe(false);
    rerender(<ActiveChat theme="dark" />);
    expect(region.getAttribute('data-theme')).toBe('dark');
    rerender(<ActiveChat theme="light" />);
    expect(region.getAttribute('data-theme')).toBe('light');
  });

  it('passes strings and locale to every part', () => {
    render(
      <ChatWindow
        strings={{ windowLabel: 'Unterhaltung', send: 'Senden', close: 'Schließen' }}
        locale="de-DE"
        header={<ChatHeader onClose={() => {}} />}
        composer={<Composer onSend={() => {}} />}
      />,
    );
    expect(screen.getByRole('region', { name: 'Unterhaltung' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Senden' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Schließen' })).toBeTruthy();
  });

  it('has no axe violations in an active chat', async () => {
    const { container } = render(<ActiveChat />);
    expect(await axeViolations(container)).toEqual([]);
  });

  it('has no axe violations while queued, closed, or offline', async () => {
    const { container } = render(
      <>
        <ChatWindow aria-label="Queued" status={<QueueStatus state="waiting" position={2} />} body={<MessageList messages={[]} me="me" />} composer={<Composer onSend={() => {}} />} />
        <ChatWindow aria-label="Closed" body={<MessageList messages={messages} me="me" />} banner={<ClosedBanner closedBy="agent" onStartNew={() => {}} />} composer={<Composer onSend={() => {}} closed />} />
        <ChatWindow aria-label="Offline" status={<QueueStatus state="no-agents" onRetry={() => {}} />} body={<OfflineForm onSubmit={() => {}} />} />
      </>,
    );
    expect(await axeViolations(container)).toEqual([]);
  });
});

describe('the axe check itself', () => {
  it('reports a real violation, so a clean result means something', async () => {
    const { container } = render(
      <button type="button">
        <span aria-hidden="true">×</span>
      </button>,
    );
    expect((await axeViolations(container)).join()).toContain('button-name');
  });
});
