import { memo } from 'react';
import type { ReactNode } from 'react';
import { parseMarkdown } from './markdown';
import type { BlockNode, InlineNode } from './markdown';

export interface MessageTextProps {
  text: string;
  className?: string;
}

/**
 * Message text with chat Markdown (bold, italic, code, lists, links) and auto-linked URLs, `www.`
 * and e-mail addresses, as React elements: text stays text nodes (escaped by React), never HTML.
 */
export const MessageText = memo(function MessageText({ text, className }: MessageTextProps) {
  const blocks = parseMarkdown(text);
  // Inline-only text stays in a span, as before; lists and code blocks need a block container.
  const Container = blocks.every((block) => block.kind === 'paragraph') ? 'span' : 'div';
  return <Container className={className ?? 'parley-message-text'}>{blocks.map(renderBlock)}</Container>;
});

function renderBlock(block: BlockNode, index: number): ReactNode {
  switch (block.kind) {
    case 'paragraph':
      return block.children.length === 0 ? null : (
        <span key={index} className="parley-md-paragraph">
          {block.children.map(renderInline)}
        </span>
      );
    case 'list': {
      const items = block.items.map((item, i) => <li key={i}>{item.map(renderInline)}</li>);
      return block.ordered ? (
        <ol key={index} className="parley-md-list" start={block.start === 1 ? undefined : block.start}>
          {items}
        </ol>
      ) : (
        <ul key={index} className="parley-md-list">
          {items}
        </ul>
      );
    }
    case 'codeBlock':
      return (
        <pre key={index} className="parley-md-pre">
          <code>{block.text}</code>
        </pre>
      );
  }
}

function renderInline(node: InlineNode, index: number): ReactNode {
  switch (node.kind) {
    case 'text':
      return node.text;
    case 'strong':
      return <strong key={index}>{node.children.map(renderInline)}</strong>;
    case 'em':
      return <em key={index}>{node.children.map(renderInline)}</em>;
    case 'code':
      return (
        <code key={index} className="parley-md-code">
          {node.text}
        </code>
      );
    case 'link':
      return (
        // noopener: the opened page gets no `window.opener` handle to navigate this one; nofollow: a
        // visitor's link earns the host site's reputation nothing.
        <a key={index} href={node.href} target="_blank" rel="noopener noreferrer nofollow">
          {node.children.map(renderInline)}
        </a>
      );
  }
}
