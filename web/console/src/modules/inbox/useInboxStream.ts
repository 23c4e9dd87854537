import { useEffect, useRef } from 'react';

/** What the inbox needs of a streamed message. */
export interface StreamedMessage {
  id: string;
  openid: string;
  direction: 'in' | 'out';
}

/**
 * Follows the account's live conversation stream (Server-Sent Events at
 * /gz/v1/accounts/:appid/kf-sessions/stream, signed in by the console
 * cookie): `onMessage` for each committed message, `onConnected` each time
 * the stream (re)opens, when anything may have been missed in between.
 * EventSource reconnects by itself after the server ends the stream.
 */
export function useInboxStream(
  appid: string,
  handlers: { onMessage: (m: StreamedMessage) => void; onConnected: () => void },
): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    const source = new EventSource(`/gz/v1/accounts/${encodeURIComponent(appid)}/kf-sessions/stream`);
    source.addEventListener('open', () => latest.current.onConnected());
    source.addEventListener('message', (e: MessageEvent<string>) =>
      latest.current.onMessage(JSON.parse(e.data) as StreamedMessage),
    );
    return () => source.close();
  }, [appid]);
}
