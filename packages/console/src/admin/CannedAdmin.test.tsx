import type { CannedResponse, CannedResponseInput } from '@parley/protocol';
import { ParleyError } from '@parley/protocol';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { AdminApi } from './adminApi';
import { CannedAdmin } from './CannedAdmin';
import { SettingsPage } from './SettingsPage';

/** An in-memory stand-in for the canned routes that refuses a taken shortcut, as the server does. */
function fakeRecords(initial: CannedResponse[]) {
  let rows = [...initial];
  let next = 1;
  return {
    canned: vi.fn(async () => [...rows]),
    saveCanned: vi.fn(async (input: CannedResponseInput, id?: string) => {
      if (rows.some((row) => row.shortcut === input.shortcut && row.id !== id)) throw new ParleyError('conflict', `the shortcut /${input.shortcut} is taken`);
      const old = rows.find((row) => row.id === id);
      const saved: CannedResponse = old
        ? { ...old, shortcut: input.shortcut, text: input.text }
        : { id: `new-${next++}`, shortcut: input.shortcut, text: input.text, updatedAt: '2026-11-26T10:00:00.000Z', ...(input.room ? { room: input.room } : { owner: 'ada' }) };
      rows = old ? rows.map((row) => (row.id === id ? saved : row)) : [...rows, saved];
      return saved;
    }),
    deleteCanned: vi.fn(async (id: string) => {
      rows = rows.filter((row) => row.id !== id);
    }),
  };
}

const hello: CannedResponse = { id: 'c1', shortcut: 'hello', text: 'Hi {{visitor.name}}!', owner: 'ada', updatedAt: '2026-11-26T09:00:00.000Z' };
const refund: CannedResponse = { id: 'c2', shortcut: 'refund', text: 'Refunds take 5 days.', room: 'sales', updatedAt: '2026-11-26T09:00:00.000Z' };

describe('CannedAdmin', () => {
  it('lists personal and room responses, adds one to a room, edits and deletes after confirming', async () => {
    const records = fakeRecords([hello, refund]);
    const changed = vi.fn();
    render(<CannedAdmin records={records} rooms={['sales', 'support']} onChanged={changed} />);
    const table = await screen.findByRole('table');
    expect(within(table).getByText('/hello')).toBeTruthy();
    expect(within(table).getByText('Personal')).toBeTruthy();
    expect(within(table).getByText('Room sales')).toBeTruthy();
    expect(screen.getByText('{{visitor.name}}')).toBeTruthy();
    expect(screen.getByText('{{agent.name}}')).toBeTruthy();
    expect(screen.getByText('{{room}}')).toBeTruthy();

    await userEvent.type(screen.getByLabelText('Shortcut'), 'bye');
    await userEvent.type(screen.getByLabelText('Text'), 'Bye from {{{{agent.name}}');
    await userEvent.selectOptions(screen.getByLabelText('Scope'), 'support');
    await userEvent.click(screen.getByRole('button', { name: 'Add response' }));
    expect(records.saveCanned).toHaveBeenCalledWith({ shortcut: 'bye', text: 'Bye from {{agent.name}}', room: 'support' }, undefined);
    expect(await screen.findByText('/bye')).toBeTruthy();
    expect(within(screen.getByRole('table')).getByText('Room support')).toBeTruthy();
    expect(changed).toHaveBeenCalledTimes(1);

    await userEvent.click(screen.getByRole('button', { name: 'Edit /hello' }));
    expect((screen.getByLabelText('Text') as HTMLTextAreaElement).value).toBe('Hi {{visitor.name}}!');
    await userEvent.clear(screen.getByLabelText('Text'));
    await userEvent.type(screen.getByLabelText('Text'), 'Hello there');
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(records.saveCanned).toHaveBeenLastCalledWith({ shortcut: 'hello', text: 'Hello there' }, 'c1');
    expect(await screen.findByText('Hello there')).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Delete /refund' }));
    expect(records.deleteCanned).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Keep' }));
    expect(screen.getByText('/refund')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Delete /refund' }));
    await userEvent.click(screen.getByRole('button', { name: 'Yes, delete' }));
    expect(records.deleteCanned).toHaveBeenCalledWith('c2');
    await vi.waitFor(() => expect(screen.queryByText('/refund')).toBeNull());
    expect(changed).toHaveBeenCalledTimes(3);
  });

  it("shows the server's refusal with its message and keeps the form", async () => {
    const records = fakeRecords([hello]);
    const changed = vi.fn();
    render(<CannedAdmin records={records} rooms={[]} onChanged={changed} />);
    await screen.findByText('/hello');
    await userEvent.type(screen.getByLabelText('Shortcut'), 'hello');
    await userEvent.type(screen.getByLabelText('Text'), 'Again');
    await userEvent.click(screen.getByRole('button', { name: 'Add response' }));
    expect((await screen.findByRole('alert')).textContent).toBe('the shortcut /hello is taken');
    expect((screen.getByLabelText('Text') as HTMLTextAreaElement).value).toBe('Again');
    expect(changed).not.toHaveBeenCalled();
  });

  it('is a settings tab for every agent, next to their password', async () => {
    const api = { changePassword: vi.fn() } as unknown as AdminApi;
    render(<SettingsPage api={api} meId="ada" admin={false} onClose={() => undefined} records={fakeRecords([hello])} rooms={[]} />);
    await userEvent.click(screen.getByRole('button', { name: 'Canned responses' }));
    expect(await screen.findByRole('heading', { name: 'Canned responses' })).toBeTruthy();
    expect(await screen.findByText('/hello')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Your password' })).toBeTruthy();
  });
});

describe('SettingsPage canned tab for an admin', () => {
  it("offers the admin's own rooms as scopes", async () => {
    const api = {
      agents: vi.fn(async () => [{ user: { id: 'boss', role: 'agent' as const, name: 'Bo' }, rooms: ['vip'], capacity: 3, admin: true, disabled: false, hasPassword: true }]),
      changePassword: vi.fn(),
    } as unknown as AdminApi;
    render(<SettingsPage api={api} meId="boss" admin onClose={() => undefined} records={fakeRecords([])} rooms={['support']} />);
    await userEvent.click(screen.getByRole('button', { name: 'Canned responses' }));
    const scope = await screen.findByLabelText('Scope');
    await vi.waitFor(() => expect(within(scope).getAllByRole('option').map((option) => option.textContent)).toEqual(['Personal', 'Room support', 'Room vip']));
  });
});
