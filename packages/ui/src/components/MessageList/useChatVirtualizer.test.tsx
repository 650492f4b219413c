import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/react';
import { useChatVirtualizer } from './useChatVirtualizer';
import type { ChatVirtualizer } from './useChatVirtualizer';
import { makeMessage, makeMessages } from '../../test/fixtures';
import type { ChatMessage } from '@parley/core';
import type { VirtualItem } from '@tanstack/react-virtual';

describe('useChatVirtualizer', () => {
  it('keeps getItemKey for the life of the list, reading the latest items, one key per message', () => {
    const seen: ChatVirtualizer['options']['getItemKey'][] = [];
    function Probe({ items }: { items: readonly ChatMessage[] }) {
      const virtualizer = useChatVirtualizer({ items, itemKey: (m) => m.id, getScrollElement: () => null, estimateSize: () => 50 });
      seen.push(virtualizer.options.getItemKey);
      return null;
    }
    const messages = makeMessages(3);
    const { rerender } = render(<Probe items={messages} />);
    rerender(<Probe items={[...messages, makeMessage(4, 'agent')]} />);
    const keys = [0, 1, 2, 3].map((index) => seen.at(-1)!(index));
    rerender(<Probe items={[makeMessage(0, 'agent'), ...messages]} />);
    // A new function per items array would make the virtualizer rebuild every row's position.
    expect(new Set(seen).size).toBe(1);
    const getItemKey = seen[0]!;
    // [m0, m1, m2, m3] now; the keys of m1…m3 are the ones they had before (their sizes are cached
    // under them), and m4, appended in between, has its own.
    expect(keys.slice(0, 3)).toEqual([getItemKey(1), getItemKey(2), getItemKey(3)]);
    expect(new Set([...keys, getItemKey(0)]).size).toBe(5);
  });

  it('gives the rows of a chat shown again the keys they had, so their measured sizes still apply', () => {
    let getItemKey: ChatVirtualizer['options']['getItemKey'] = () => 0;
    function Probe({ items }: { items: readonly ChatMessage[] }) {
      getItemKey = useChatVirtualizer({ items, itemKey: (m) => m.id, getScrollElement: () => null, estimateSize: () => 50 }).options.getItemKey;
      return null;
    }
    const chatA = makeMessages(3);
    const chatB = [makeMessage(7, 'agent'), makeMessage(8, 'agent')];
    const { rerender } = render(<Probe items={chatA} />);
    const keysOfA = [0, 1, 2].map((index) => getItemKey(index));
    rerender(<Probe items={chatB} />);
    const keysOfB = [0, 1].map((index) => getItemKey(index));
    expect(keysOfB.some((key) => keysOfA.includes(key))).toBe(false);
    rerender(<Probe items={chatA} />);
    expect([0, 1, 2].map((index) => getItemKey(index))).toEqual(keysOfA);
  });

  it('positions appended rows without rebuilding the rows before them, keeping earlier resizes', () => {
    const estimated: number[] = [];
    let current: ChatVirtualizer | undefined;
    function Probe({ items }: { items: readonly ChatMessage[] }) {
      current = useChatVirtualizer({
        items,
        itemKey: (m) => m.id,
        getScrollElement: () => null,
        anchorTo: 'end',
        estimateSize: (index) => {
          estimated.push(index);
          return 10 + index;
        },
      });
      return null;
    }
    const messages = makeMessages(100);
    const { rerender } = render(<Probe items={messages} />);
    const withOne = [...messages, makeMessage(101, 'agent')];
    estimated.length = 0;
    rerender(<Probe items={withOne} />);
    // Only the new row is estimated: the 100 before it keep the positions they had.
    expect(estimated).toEqual([100]);
    // Every row's start and size (`getTotalSize` brings the positions up to date first).
    const starts = (v: ChatVirtualizer) => {
      v.getTotalSize();
      return Array.from({ length: v.options.count }, (_, index) => {
        const item: VirtualItem = v.measurementsCache[index]!;
        return [item.start, item.size];
      });
    };
    const fresh = (items: readonly ChatMessage[]) => {
      let built: ChatVirtualizer | undefined;
      function Fresh() {
        built = useChatVirtualizer({ items, itemKey: (m) => m.id, getScrollElement: () => null, anchorTo: 'end', estimateSize: (index) => 10 + index });
        return null;
      }
      render(<Fresh />);
      return built!;
    };
    expect(starts(current!)).toEqual(starts(fresh(withOne)));

    // A row resized before an append moves the rows after it, appended ones included.
    current!.resizeItem(3, 99);
    const withTwo = [...withOne, makeMessage(102, 'agent')];
    rerender(<Probe items={withTwo} />);
    const expected = fresh(withTwo);
    expected.resizeItem(3, 99);
    expect(starts(current!)).toEqual(starts(expected));
  });
});
