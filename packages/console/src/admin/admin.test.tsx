import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ConsoleApp } from '../ConsoleApp';
import type { AdminApi, PasswordLinkApi } from './adminApi';
import { linkTokenFrom } from './adminApi';
import { RoomsAdmin } from './RoomsAdmin';
import { SettingsPage } from './SettingsPage';

function api(): AdminApi {
  return {
    me: vi.fn(async () => ({ user: { id: 'ada', role: 'agent' as const, name: 'Ada' }, admin: false, rooms: [] })),
    agents: vi.fn(async () => []),
    createAgent: vi.fn(),
    updateAgent: vi.fn(),
    resetPassword: vi.fn(),
    rooms: vi.fn(async () => []),
    createRoom: vi.fn(),
    updateRoom: vi.fn(),
    audit: vi.fn(async () => []),
    changePassword: vi.fn(async () => undefined),
  };
}

describe('console administration', () => {
  it('shows agents, rooms and the audit log to admins only; every agent gets their password', async () => {
    const notAdmin = api();
    const { unmount } = render(<SettingsPage api={notAdmin} meId="ada" admin={false} onClose={() => undefined} />);
    expect(screen.queryByRole('button', { name: 'Agents' })).toBeNull();
    expect(screen.getByRole('heading', { name: 'Your password' })).toBeTruthy();
    expect(notAdmin.agents).not.toHaveBeenCalled();
    unmount();
    const admin = api();
    render(<SettingsPage api={admin} meId="boss" admin onClose={() => undefined} />);
    expect(screen.getByRole('button', { name: 'Rooms' })).toBeTruthy();
    expect(await screen.findByRole('heading', { name: 'Agents' })).toBeTruthy();
    expect(admin.agents).toHaveBeenCalled();
  });

  it('reads a one-time link from the address, and nothing else', () => {
    expect(linkTokenFrom('#link=abcdefghijklmnopqrstuvwx')).toBe('abcdefghijklmnopqrstuvwx');
    expect(linkTokenFrom('#chat=1&link=abcdefghijklmnopqrstuvwx')).toBe('abcdefghijklmnopqrstuvwx');
    expect(linkTokenFrom('#link=short')).toBeUndefined();
    expect(linkTokenFrom('#chat=abc')).toBeUndefined();
  });

  it('opens a setup link on the password form, then the login form with the new username filled in', async () => {
    const links: PasswordLinkApi = { peek: vi.fn(async () => ({ purpose: 'setup' as const })), accept: vi.fn(async () => undefined) };
    const used = vi.fn();
    render(<ConsoleApp server="http://parley.test" linkToken={'t'.repeat(24)} passwordLinks={links} onLinkUsed={used} />);
    await userEvent.type(await screen.findByLabelText('Username'), 'boss');
    await userEvent.type(screen.getByLabelText('Your name'), 'Bo Boss');
    await userEvent.type(screen.getByLabelText('New password'), 'boss-password');
    await userEvent.type(screen.getByLabelText('Repeat the password'), 'boss-passwort');
    await userEvent.click(screen.getByRole('button', { name: 'Set password' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The two passwords differ.');
    await userEvent.clear(screen.getByLabelText('Repeat the password'));
    await userEvent.type(screen.getByLabelText('Repeat the password'), 'boss-password');
    await userEvent.click(screen.getByRole('button', { name: 'Set password' }));
    expect(await screen.findByText('Your password is set. Log in.')).toBeTruthy();
    expect((screen.getByLabelText('Username') as HTMLInputElement).value).toBe('boss');
    expect(links.accept).toHaveBeenCalledWith({ token: 't'.repeat(24), password: 'boss-password', username: 'boss', name: 'Bo Boss' });
    expect(used).toHaveBeenCalled();
  });

  it('keeps a room\'s several openings on one day when an admin edits something else', async () => {
    const rooms = api();
    const hours = {
      timeZone: 'Europe/Berlin',
      weekly: [
        { day: 'mon' as const, open: '09:00', close: '12:00' },
        { day: 'mon' as const, open: '13:00', close: '17:00' },
      ],
    };
    rooms.rooms = vi.fn(async () => [{ name: 'split', hours, open: true, source: 'database' as const, snippet: '<script></script>' }]);
    rooms.updateRoom = vi.fn(async () => ({ name: 'split', hours, open: true, source: 'database' as const, snippet: '' }));
    render(<RoomsAdmin api={rooms} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Edit room split' }));
    expect(screen.getByText(/Monday has several openings/)).toBeTruthy();
    await userEvent.type(screen.getByLabelText('Welcome message (optional)'), 'Lunch 12 to 13');
    await userEvent.click(screen.getByRole('button', { name: 'Save room' }));
    expect(rooms.updateRoom).toHaveBeenLastCalledWith('split', { welcome: 'Lunch 12 to 13', replyTime: null, teamEmail: null });

    // Hours changed in the form are sent as the form has them.
    await userEvent.click(await screen.findByRole('button', { name: 'Edit room split' }));
    await userEvent.click(screen.getByLabelText('Tuesday'));
    await userEvent.click(screen.getByRole('button', { name: 'Save room' }));
    expect(rooms.updateRoom).toHaveBeenLastCalledWith('split', expect.objectContaining({ hours: { timeZone: 'Europe/Berlin', weekly: [{ day: 'mon', open: '13:00', close: '17:00' }, { day: 'tue', open: '09:00', close: '17:00' }] } }));
  });
});
