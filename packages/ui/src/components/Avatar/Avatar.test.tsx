import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { Avatar } from './Avatar';
import { avatarColor, avatarPalette, initials } from './avatarColor';

describe('Avatar', () => {
  it('shows initials on a colour that depends only on the id', () => {
    const { container } = render(<Avatar id="agent1" name="Ada Lovelace" />);
    const avatar = container.firstElementChild as HTMLElement;
    expect(avatar.textContent).toBe('AL');
    expect(avatar.getAttribute('aria-hidden')).toBe('true');
    expect(avatar.style.background).not.toBe('');
    expect(avatarColor('agent1')).toBe(avatarColor('agent1'));
    const spread = new Set(['agent1', 'agent2', 'agent3', 'u_1', 'u_2', 'u_3', 'bot', 'solo'].map(avatarColor));
    expect(spread.size).toBeGreaterThan(3);
    for (const colour of spread) expect(avatarPalette).toContain(colour);
  });

  it('takes whole characters and copes with odd names', () => {
    expect(initials('  ')).toBe('?');
    expect(initials('émile')).toBe('É');
    expect(initials('😀 Smile')).toBe('😀S');
    expect(initials('Jean de la Fontaine')).toBe('JF');
  });

  it('shows a photo when given one, and the initials again if it fails to load', () => {
    const { container } = render(<Avatar id="agent1" name="Ada Agent" src="https://example.com/ada.png" labelled />);
    expect(screen.getByRole('img', { name: 'Ada Agent' })).toBeTruthy();
    const img = container.querySelector('img')!;
    expect(img.getAttribute('src')).toBe('https://example.com/ada.png');
    fireEvent.error(img);
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toBe('AA');
  });

  it('never loads a javascript: or data: source', () => {
    for (const src of ['javascript:alert(1)', 'data:image/svg+xml,<svg onload=alert(1)>']) {
      const { container } = render(<Avatar id="x" name="X Y" src={src} />);
      expect(container.querySelector('img')).toBeNull();
    }
  });
});
