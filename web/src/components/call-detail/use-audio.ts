import { useEffect, useState } from 'react';
import { tokenStore } from '../../lib/api';

/** The audio of a call, fetched with the bearer token (an <audio src> cannot send it). */
export function useAudio(callId: string, enabled: boolean): string | null | 'unavailable' {
  const [url, setUrl] = useState<string | null | 'unavailable'>(null);
  useEffect(() => {
    if (!enabled) return;
    let objectUrl: string | null = null;
    let live = true;
    const token = tokenStore.get();
    fetch(`/v1/calls/${callId}/audio`, { headers: token ? { authorization: `Bearer ${token}` } : {} })
      .then((r) => (r.ok ? r.blob() : null))
      .then((b) => {
        if (!live) return;
        if (!b) {
          setUrl('unavailable');
          return;
        }
        objectUrl = URL.createObjectURL(b);
        setUrl(objectUrl);
      })
      .catch(() => live && setUrl('unavailable'));
    return () => {
      live = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [callId, enabled]);
  return url;
}
