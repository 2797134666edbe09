import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiClient } from './api/client.ts';
import { ApiProvider } from './api/api-context.tsx';
import { chooseTransport } from './api/choose-transport.ts';
import { App } from './App.tsx';
import { applyTheme } from './app/theme.ts';
import './styles.css';

// Before the first paint, so a dark-theme user never sees a white flash.
applyTheme();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <ApiProvider client={new ApiClient(chooseTransport())}>
      <App />
    </ApiProvider>
  </StrictMode>,
);
