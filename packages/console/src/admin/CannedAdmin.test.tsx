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
    const api = { me: vi.fn(async () => ({ user: { id: 'ada', role: 'agent' as const, name: 'Ada' }, admin: false, rooms: [] })), changePassword: vi.fn() } as unknown as AdminApi;
    render(<SettingsPage api={api} meId="ada" admin={false} onClose={() => undefined} records={fakeRecords([hello])} />);
    await userEvent.click(screen.getByRole('button', { name: 'Canned responses' }));
    expect(await screen.findByRole('heading', { name: 'Canned responses' })).toBeTruthy();
    expect(await screen.findByText('/hello')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Your password' })).toBeTruthy();
  });
});

/** `GET /v1/agents/me` as the server answers it: the agent, whether they administer, and their rooms. */
function meApi(admin: boolean, rooms: string[]) {
  return {
    me: vi.fn(async () => ({ user: { id: admin ? 'boss' : 'ada', role: 'agent' as const, name: admin ? 'Bo' : 'Ada' }, admin, rooms })),
    agents: vi.fn(async () => []),
    changePassword: vi.fn(),
  };
}

const scopeOptions = async () => within(await screen.findByLabelText('Scope')).getAllByRole('option').map((option) => option.textContent);

describe('SettingsPage canned tab: the scopes are the agent\'s own rooms', () => {
  it('offers a non-admin exactly the rooms they are assigned to', async () => {
    const api = meApi(false, ['support', 'billing']);
    render(<SettingsPage api={api as unknown as AdminApi} meId="ada" admin={false} onClose={() => undefined} records={fakeRecords([])} />);
    await userEvent.click(screen.getByRole('button', { name: 'Canned responses' }));
    await vi.waitFor(async () => expect(await scopeOptions()).toEqual(['Personal', 'Room billing', 'Room support']));
    expect(api.me).toHaveBeenCalled();
    expect(api.agents).not.toHaveBeenCalled();
  });

  it("offers an admin the admin's own rooms", async () => {
    const api = meApi(true, ['vip']);
    render(<SettingsPage api={api as unknown as AdminApi} meId="boss" admin onClose={() => undefined} records={fakeRecords([])} />);
    await userEvent.click(screen.getByRole('button', { name: 'Canned responses' }));
    await vi.waitFor(async () => expect(await scopeOptions()).toEqual(['Personal', 'Room vip']));
  });
});
