import { memo } from 'react';
import { linkify } from './linkify';

export interface MessageTextProps {
  text: string;
  className?: string;
}

/** Message text as React text nodes (escaped by React), with http(s)/mailto links as anchors. */
export const MessageText = memo(function MessageText({ text, className }: MessageTextProps) {
  const segments = linkify(text);
  return (
    <span className={className ?? 'parley-message-text'}>
      {segments.map((segment, i) =>
        segment.kind === 'link' ? (
          // noopener: the opened page gets no `window.opener` handle to navigate this one.
          <a key={i} href={segment.href} target="_blank" rel="noopener noreferrer">
            {segment.text}
          </a>
        ) : (
          segment.text
        ),
      )}
    </span>
  );
});
