// Parley's virtualized MessageList (@parley/ui, resolved to its source), as an app renders it.
import { memo } from 'react';
import { MessageBubble, MessageList } from '@parley/ui';
import type { MessageBubbleProps } from '@parley/ui';
import '@parley/ui/styles.css';
import { agentId, visitorId } from '../../lib/messages';
import { exposeBench } from './harness';
import type { ListProps } from './harness';

const users = { [visitorId]: { name: 'Visitor' }, [agentId]: { name: 'Agent' } };

// The default row, counted: `messageComponent` is the list's public way to replace rows, and the
// count shows which rows an append re-renders. One memoized wrapper per row in view (~20).
let rowRenders = 0;
const CountedRow = memo(function CountedRow(props: MessageBubbleProps) {
  rowRenders += 1;
  return <MessageBubble {...props} />;
});

function ParleyList({ messages }: ListProps) {
  return <MessageList messages={messages} me={visitorId} users={users} messageComponent={CountedRow} />;
}

exposeBench({
  name: 'parley',
  List: ParleyList,
  boxClass: 'parley',
  rowSelector: '.parley-message-row',
  rowAt: (box, index) => box.querySelector(`.parley-message-row[data-index="${index}"]`),
  rowRenders: () => rowRenders,
});
