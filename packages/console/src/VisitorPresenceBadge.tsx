export interface VisitorPresenceBadgeProps {
  /** Whether the chat's visitor is still on the page (`useVisitorPresence`); nothing shows while unknown. */
  online: boolean | undefined;
}

/**
 * Says whether the visitor is still there, so an agent knows whether a reply is read now or waits for
 * them (the server's `visitor:presence`: gone once none of their pages has been connected for a while).
 */
export function VisitorPresenceBadge({ online }: VisitorPresenceBadgeProps) {
  if (online === undefined) return null;
  return (
    <span
      className="console-presence"
      data-online={online}
      title={online ? 'A page of the visitor is open now.' : 'No page of the visitor has been open for a while. Your replies wait in the chat for when they come back.'}
    >
      {online ? 'Visitor on the page' : 'Visitor left the page'}
    </span>
  );
}
