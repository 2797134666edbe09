import { useEffect, useState } from 'react';
import { useApi } from '../api/api-context.tsx';

/** False while browser mode's WebSocket is down and reconnecting. */
export function useConnected(): boolean {
  const api = useApi();
  const [connected, setConnected] = useState(true);
  useEffect(() => api.onConnection((state) => setConnected(state === 'open')), [api]);
  return connected;
}
