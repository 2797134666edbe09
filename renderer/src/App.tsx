import { ActionDialogProvider } from './actions/action-dialog-context.tsx';
import { EffectivenessProvider } from './actions/effectiveness.tsx';
import { AppActionsProvider } from './app/app-actions.tsx';
import { AppShell } from './app/AppShell.tsx';
import { ToastProvider } from './app/toasts.tsx';
import { ConfigStatesProvider } from './fleet/config-states.tsx';
import { FleetProvider } from './fleet/fleet-context.tsx';

export function App() {
  return (
    <ToastProvider>
      <AppActionsProvider>
        <FleetProvider>
          <ConfigStatesProvider>
            <EffectivenessProvider>
              <ActionDialogProvider>
                <AppShell />
              </ActionDialogProvider>
            </EffectivenessProvider>
          </ConfigStatesProvider>
        </FleetProvider>
      </AppActionsProvider>
    </ToastProvider>
  );
}
