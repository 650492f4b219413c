import { render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ChatOriginBadge } from './ChatOriginBadge';
import { ClosedChatList } from './ClosedChatList';
import { createDeskBench } from './test/deskBench';
import type { DeskBench } from './test/deskBench';
import { onlineDesk } from './test/onlineDesk';

let bench: DeskBench | undefined;
afterEach(() => bench?.dispose());

const wait = { timeout: 5000 };

describe('offline-message chats in the console (Chat.origin)', () => {
  it('are marked in the invitation, the open chats and the conversation header; a live chat is not', async () => {
    bench = await createDeskBench();
    const user = await onlineDesk(bench);

    // Left while nobody was online: the server marked the chat before anyone was offered it.
    const vera = await bench.clientFor(await bench.engine.registerVisitor({ name: 'Vera', contact: 'vera@example.com' }));
    const left = await vera.chats.create({ room: 'support', source: 'web' });
    await left.sendMessage('My parcel never came. Please write back.');
    await bench.markOfflineMessage(left.id);
    await left.assign();

    const invitation = await screen.findByRole('listitem', { name: 'Invitation from Vera' }, wait);
    expect(within(invitation).getByText('Offline message — reply goes by e-mail')).toBeTruthy();
    await user.click(within(invitation).getByRole('button', { name: 'Accept' }));

    const openChats = screen.getByRole('navigation', { name: 'Open chats' });
    const item = await within(openChats).findByRole('button', { name: /^Vera support/ }, wait);
    expect(within(item).getByText('Offline message')).toBeTruthy();
    const conversation = await screen.findByRole('region', { name: 'Conversation' }, wait);
    await waitFor(() => expect(within(conversation).getByText('Offline message — reply goes by e-mail')).toBeTruthy(), wait);

    // A chat started while Ada was online is a live one: no mark anywhere.
    const walt = await bench.clientFor(await bench.engine.registerVisitor({ name: 'Walt' }));
    const live = await walt.chats.create({ room: 'support', source: 'web' });
    await live.assign();
    const liveInvitation = await screen.findByRole('listitem', { name: 'Invitation from Walt' }, wait);
    expect(within(liveInvitation).queryByText(/Offline message/)).toBeNull();
    await user.click(within(liveInvitation).getByRole('button', { name: 'Accept' }));
    const liveItem = await within(openChats).findByRole('button', { name: /^Walt support/ }, wait);
    expect(within(liveItem).queryByText(/Offline message/)).toBeNull();
    expect(within(openChats).getAllByText('Offline message')).toHaveLength(1);
  });

  it('marks ended offline-message chats in the closed list', () => {
    render(
      <ClosedChatList
        chats={[
          { id: 'c1', name: 'Vera', room: 'support', closedAt: undefined, origin: 'offline-message' },
          { id: 'c2', name: 'Walt', room: 'support', closedAt: undefined },
        ]}
        selectedId={undefined}
        onSelect={() => undefined}
      />,
    );
    expect(within(screen.getByRole('button', { name: /^Vera/ })).getByText('Offline message')).toBeTruthy();
    expect(within(screen.getByRole('button', { name: /^Walt/ })).queryByText('Offline message')).toBeNull();
  });

  it('shows nothing for a live chat, or for an origin this console does not know (a newer server)', () => {
    const { container } = render(
      <>
        <ChatOriginBadge origin={undefined} long />
        <ChatOriginBadge origin={'bot-handover' as never} long />
      </>,
    );
    expect(container.textContent).toBe('');
  });
});
