import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ConsoleApp } from '../ConsoleApp';
import type { AdminApi, PasswordLinkApi } from './adminApi';
import { linkTokenFrom } from './adminApi';
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
});
