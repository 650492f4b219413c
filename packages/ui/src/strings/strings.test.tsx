import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { defaultStrings, mergeStrings } from './strings';
import { StringsProvider } from './StringsProvider';
import { Composer } from '../components/Composer/Composer';
import { ClosedBanner } from '../components/ClosedBanner/ClosedBanner';

describe('strings', () => {
  it('merges nested maps key by key', () => {
    const merged = mergeStrings(defaultStrings, { agentStatus: { away: 'Abwesend' } });
    expect(merged.agentStatus).toEqual({ online: 'Online', away: 'Abwesend', offline: 'Offline' });
  });

  it('a provider replaces the English defaults', () => {
    render(
      <StringsProvider strings={{ send: 'Senden', composerLabel: 'Nachricht' }}>
        <Composer onSend={() => {}} />
      </StringsProvider>,
    );
    expect(screen.getByRole('button', { name: 'Senden' })).toBeTruthy();
    expect(screen.getByLabelText('Nachricht')).toBeTruthy();
  });

  it('a component prop wins over the provider, which wins over the defaults', () => {
    render(
      <StringsProvider strings={{ closedBySystem: 'Provider', startNewChat: 'Neu' }}>
        <ClosedBanner strings={{ closedBySystem: 'Prop' }} onStartNew={() => {}} />
      </StringsProvider>,
    );
    expect(screen.getByText('Prop')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Neu' })).toBeTruthy();
  });

  it('nested providers layer', () => {
    render(
      <StringsProvider strings={{ send: 'Outer', composerLabel: 'Outer label' }}>
        <StringsProvider strings={{ send: 'Inner' }}>
          <Composer onSend={() => {}} />
        </StringsProvider>
      </StringsProvider>,
    );
    expect(screen.getByRole('button', { name: 'Inner' })).toBeTruthy();
    expect(screen.getByLabelText('Outer label')).toBeTruthy();
  });
});
