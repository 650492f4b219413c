// The widget's message list without TanStack's virtualizer: a visitor's chat is short (a page of
// history, then what is said in one conversation), so every row can be in the DOM, and the widget
// saves the virtualizer's ~9 KB gzip. @parley/ui's MessageList takes its rows' layout from
// `./useChatVirtualizer`; in the widget's build that import gets `./useFlowRows` (the same contract,
// `ChatRows` in chatRows.ts; every row rendered, in the normal flow). The console keeps the virtualizer.
import type { Rolldown } from 'tsdown';

const messageList = /[\\/]MessageList[\\/]MessageList\.tsx$/;

export function flowMessageList(): Rolldown.Plugin {
  return {
    name: 'parley:flow-message-list',
    async resolveId(source, importer) {
      if (source !== './useChatVirtualizer' || !importer || !messageList.test(importer)) return null;
      const resolved = await this.resolve('./useFlowRows', importer, { skipSelf: true });
      if (!resolved) throw new Error('widget build: @parley/ui has no MessageList/useFlowRows.ts');
      return resolved;
    },
  };
}
