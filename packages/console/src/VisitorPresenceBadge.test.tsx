import { render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createDeskBench } from './test/deskBench';
import type { DeskBench } from './test/deskBench';
import { onlineDesk } from './test/onlineDesk';
import { VisitorPresenceBadge } from './VisitorPresenceBadge';

let bench: DeskBench | undefined;
afterEach(() => bench?.dispose());

const wait = { timeout: 5000 };

describe("the visitor's presence in the conversation header", () => {
  it('says whether the visitor is on the page, and follows them leaving and coming back', async () => {
    bench = await createDeskBench();
    const user = await onlineDesk(bench);
    const { visitor } = await bench.visitorChat({ name: 'Vera' });
    const invitation = await screen.findByRole('listitem', { name: 'Invitation from Vera' }, wait);
    await user.click(within(invitation).getByRole('button', { name: 'Accept' }));
    const conversation = await screen.findByRole('region', { name: 'Conversation' }, wait);
    await waitFor(() => expect(within(conversation).getByText('Visitor on the page')).toBeTruthy(), wait);

    const openChats = screen.getByRole('navigation', { name: 'Open chats' });
    expect(within(openChats).getByRole('button', { name: /^Vera support/ }).textContent).not.toContain('(left)');

    visitor.disconnect();
    await waitFor(() => expect(within(conversation).getByText('Visitor left the page')).toBeTruthy(), wait);
    // The open chats say it too, for the chats not in view.
    expect(within(openChats).getByRole('button', { name: /^Vera support \(left\)/ })).toBeTruthy();
    visitor.connect();
    await waitFor(() => expect(within(conversation).getByText('Visitor on the page')).toBeTruthy(), wait);
    expect(within(openChats).getByRole('button', { name: /^Vera support/ }).textContent).not.toContain('(left)');

    // An ended chat has no visitor to wait for.
    await user.click(within(conversation).getByRole('button', { name: 'Close chat' }));
    await within(conversation).findByRole('button', { name: 'Dismiss' }, wait);
    expect(within(conversation).queryByText(/Visitor (on|left) the page/)).toBeNull();
  });

  it('shows nothing while the presence is not known', () => {
    const { container } = render(<VisitorPresenceBadge online={undefined} />);
    expect(container.textContent).toBe('');
  });
});
