import { DesktopTransport, hasDesktopBridge } from './desktop-transport.ts';
import { WebSocketTransport, type Transport } from './transport.ts';

/** The desktop preload exposes window.b2b; without it we are in browser mode. */
export function chooseTransport(): Transport {
  return hasDesktopBridge() ? new DesktopTransport() : new WebSocketTransport();
}
