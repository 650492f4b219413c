import { memo, useState } from 'react';
import type { HTMLAttributes } from 'react';
import { cx } from '../../composeHandlers';
import { avatarColor, initials } from './avatarColor';

export interface AvatarProps extends Omit<HTMLAttributes<HTMLSpanElement>, 'children'> {
  /** Whose avatar: the colour of the initials follows the id, so it stays the same everywhere. */
  id: string;
  /** Whose initials show without a photo, and the label when `labelled`. */
  name: string;
  /** A photo (http/https); the initials show until it loads, and instead of it if it fails. */
  src?: string;
  /** Pixels; 28 beside messages, 36 in a header. */
  size?: number;
  /**
   * Decorative by default: the name is always written next to it, so it is hidden from screen
   * readers; pass `labelled` where the avatar stands alone.
   */
  labelled?: boolean;
}

/** A person's photo, or their initials on a colour derived from their id. */
export const Avatar = memo(function Avatar({ id, name, src, size = 28, labelled = false, className, style, ...rest }: AvatarProps) {
  const [failed, setFailed] = useState<string | undefined>(undefined);
  const photo = src !== undefined && /^https?:\/\//i.test(src) && failed !== src ? src : undefined;
  return (
    <span
      {...rest}
      className={cx('parley-avatar', className)}
      style={{ ...style, width: size, height: size, fontSize: Math.round(size * 0.42), background: photo ? undefined : avatarColor(id) }}
      data-kind={photo ? 'photo' : 'initials'}
      role={labelled ? 'img' : undefined}
      aria-label={labelled ? name : undefined}
      aria-hidden={labelled ? undefined : true}
    >
      {photo ? <img src={photo} alt="" referrerPolicy="no-referrer" onError={() => setFailed(photo)} /> : initials(name)}
    </span>
  );
});
