import { AppActionsProvider } from './app/app-actions.tsx';
import { AppShell } from './app/AppShell.tsx';
import { ToastProvider } from './app/toasts.tsx';
import { FleetProvider } from './fleet/fleet-context.tsx';

export function App() {
  return (
    <ToastProvider>
      <AppActionsProvider>
        <FleetProvider>
          <AppShell />
        </FleetProvider>
      </AppActionsProvider>
    </ToastProvider>
  );
}
