import { useEffect, useRef } from 'react';
import type { StringsOverride } from '../../strings/strings';
import { useStrings } from '../../strings/StringsProvider';

export interface LightboxProps {
  /** The image's address (a signed link, or an object URL while it uploads). */
  src: string;
  /** The file's name: the dialog's label and the image's text alternative. */
  name: string;
  /** Called on Escape, the close button, or a click beside the image; focus then goes back where it was. */
  onClose: () => void;
  /** Overrides of the default English strings; the nearest `StringsProvider` otherwise. */
  strings?: StringsOverride;
}

/**
 * An image at full size over the chat: a modal dialog labelled with the file's name, focus on its
 * close button, Escape or a click on the backdrop closes it and focus returns to what opened it.
 */
export function Lightbox({ src, name, onClose, strings: override }: LightboxProps) {
  const strings = useStrings(override);
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const opener = closeRef.current?.ownerDocument.activeElement as HTMLElement | null;
    closeRef.current?.focus();
    return () => opener?.focus?.();
  }, []);
  return (
    <div
      className="parley-lightbox"
      role="dialog"
      aria-modal="true"
      aria-label={name}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onClose();
        }
        // One focusable control: Tab stays on it rather than leaving the dialog.
        if (event.key === 'Tab') event.preventDefault();
      }}
      onClick={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
    >
      <img className="parley-lightbox-image" src={src} alt={name} />
      <button ref={closeRef} type="button" className="parley-lightbox-close" aria-label={strings.closeImage} onClick={onClose}>
        ×
      </button>
    </div>
  );
}
