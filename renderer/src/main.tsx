import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiClient } from './api/client.ts';
import { ApiProvider } from './api/api-context.tsx';
import { DesktopTransport, hasDesktopBridge } from './api/desktop-transport.ts';
import { WebSocketTransport, type Transport } from './api/transport.ts';
import { App } from './App.tsx';
import { applyTheme } from './app/theme.ts';
import { OperatorSessionContext, readSessionOperator, storeSessionOperator, type OperatorSession } from './app/operator/operator-session.ts';
import { OperatorStep } from './app/operator/OperatorStep.tsx';
import './styles.css';

// Before the first paint, so a dark-theme user never sees a white flash.
applyTheme();

const el = document.getElementById('root');
if (!el) throw new Error('index.html has no #root');
const root = createRoot(el);

function renderApp(transport: Transport, session: OperatorSession | null): void {
  root.render(
    <StrictMode>
      <ApiProvider client={new ApiClient(transport)}>
        <OperatorSessionContext.Provider value={session}>
          <App />
        </OperatorSessionContext.Provider>
      </ApiProvider>
    </StrictMode>,
  );
}

/** Browser mode connects only once the session has named its operator; every request acts for them. */
function connectAs(name: string): void {
  storeSessionOperator(name);
  const transport = new WebSocketTransport(name);
  renderApp(transport, {
    change: (next) => {
      storeSessionOperator(next);
      transport.changeOperator(next);
    },
  });
}

if (hasDesktopBridge()) renderApp(new DesktopTransport(), null);
else {
  const known = readSessionOperator();
  if (known) connectAs(known);
  else
    root.render(
      <StrictMode>
        <OperatorStep onDone={connectAs} />
      </StrictMode>,
    );
}
