// What the header, the command palette and the first-run screen share: app info, the
// global alert mute, and the console-wide actions with their progress.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { AppInfo } from '../../../shared/contract.ts';
import { useApi } from '../api/api-context.tsx';
import { requestDesktopAlerts } from './alerts.ts';
import { useToast } from './toasts.tsx';

type Busy = 'demo-start' | 'demo-stop' | 'poll' | 'pause' | null;

export interface AppActions {
  info: AppInfo | null;
  /** Null until settings have loaded. */
  muted: boolean | null;
  busy: Busy;
  demoError: string | null;
  setMuted: (muted: boolean) => Promise<void>;
  /** Resolves true once the demo runs. */
  startDemo: () => Promise<boolean>;
  stopDemo: () => Promise<void>;
  pollNow: () => Promise<void>;
  setPaused: (paused: boolean) => Promise<void>;
}

const Ctx = createContext<AppActions | null>(null);

export function AppActionsProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const toast = useToast();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [muted, setMutedState] = useState<boolean | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [demoError, setDemoError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const loadInfo = () =>
      void api.call('app.info', {}).then((r) => {
        if (live && r.ok) setInfo(r.data);
      });
    loadInfo();
    void api.call('settings.get', {}).then((r) => {
      if (live && r.ok) setMutedState(r.data.notifications.muted);
    });
    const off = api.on('sites.changed', loadInfo);
    // A reconnect may act for someone else ("Not you? Change"): the header must say who.
    const offConnection = api.onConnection((state) => state === 'open' && loadInfo());
    return () => {
      live = false;
      off();
      offConnection();
    };
  }, [api]);

  const run = useCallback(
    async <T,>(what: Exclude<Busy, null>, work: () => Promise<T>): Promise<T> => {
      setBusy(what);
      try {
        return await work();
      } finally {
        setBusy(null);
      }
    },
    [],
  );

  const setMuted = useCallback(
    async (m: boolean) => {
      if (!m) requestDesktopAlerts();
      const r = await api.call('alerts.mute', { muted: m });
      if (r.ok) setMutedState(r.data.muted);
      else toast({ tone: 'bad', title: 'Could not change alerts', body: r.error.message });
    },
    [api, toast],
  );

  const startDemo = useCallback(async () => {
    requestDesktopAlerts();
    setDemoError(null);
    const r = await run('demo-start', () => api.call('demo.start', {}));
    if (r.ok) toast({ tone: 'ok', title: 'Demo fleet started', body: `${r.data.sites} simulated schools are being polled over SSH.` });
    else setDemoError(r.error.message);
    return r.ok;
  }, [api, run, toast]);

  const stopDemo = useCallback(async () => {
    if (!window.confirm('Remove the demo fleet? Its simulated schools and their history go with it.')) return;
    const r = await run('demo-stop', () => api.call('demo.stop', {}));
    toast(r.ok ? { tone: 'ok', title: 'Demo removed', body: `${r.data.removed} demo sites removed.` } : { tone: 'bad', title: 'Could not remove the demo', body: r.error.message });
  }, [api, run, toast]);

  const pollNow = useCallback(async () => {
    const r = await run('poll', () => api.call('poll.now', {}));
    toast(r.ok ? { tone: 'info', title: `Polled ${r.data.polled} sites` } : { tone: 'bad', title: 'Poll failed', body: r.error.message });
  }, [api, run, toast]);

  const setPaused = useCallback(
    async (paused: boolean) => {
      const r = await run('pause', () => api.call(paused ? 'poll.pause' : 'poll.resume', {}));
      if (!r.ok) toast({ tone: 'bad', title: 'Could not change polling', body: r.error.message });
    },
    [api, run, toast],
  );

  const value = useMemo<AppActions>(
    () => ({ info, muted, busy, demoError, setMuted, startDemo, stopDemo, pollNow, setPaused }),
    [info, muted, busy, demoError, setMuted, startDemo, stopDemo, pollNow, setPaused],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useAppActions(): AppActions {
  const v = useContext(Ctx);
  if (!v) throw new Error('useAppActions needs an <AppActionsProvider> above it');
  return v;
}
