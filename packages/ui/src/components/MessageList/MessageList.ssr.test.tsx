// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { renderToString } from 'react-dom/server';
import { MessageList } from './MessageList';
import { makeMessages } from '../../test/fixtures';

describe('MessageList on a server', () => {
  it('renders the rows in view, positioned, when given the viewport size', () => {
    const html = renderToString(<MessageList me="me" messages={makeMessages(100)} estimateRowHeight={50} initialRect={{ width: 400, height: 600 }} />);
    expect(html).toContain('height:5000px');
    expect(html).toContain('Message number 100');
    expect(html).toContain('transform:translateY(4950px)');
    expect(html).not.toContain('Message number 1<');
  });
});
