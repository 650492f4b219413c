import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/react';
import { useChatVirtualizer } from './useChatVirtualizer';
import type { ChatVirtualizer } from './useChatVirtualizer';
import { makeMessage, makeMessages } from '../../test/fixtures';
import type { UiMessage } from '../../types';

describe('useChatVirtualizer', () => {
  it('keeps getItemKey for the life of the list, reading the latest items', () => {
    const seen: ChatVirtualizer['options']['getItemKey'][] = [];
    function Probe({ items }: { items: readonly UiMessage[] }) {
      const virtualizer = useChatVirtualizer({ items, itemKey: (m) => m.id, getScrollElement: () => null, estimateSize: () => 50 });
      seen.push(virtualizer.options.getItemKey);
      return null;
    }
    const messages = makeMessages(3);
    const { rerender } = render(<Probe items={messages} />);
    rerender(<Probe items={[...messages, makeMessage(4, 'agent')]} />);
    rerender(<Probe items={[makeMessage(0, 'agent'), ...messages]} />);
    expect(new Set(seen).size).toBe(1);
    // A new function per items array would make the virtualizer rebuild every row's position.
    expect(seen[0]!(0)).toBe('m0');
    expect(seen[0]!(3)).toBe('m3');
  });
});
