import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiClient } from './api/client.ts';
import { ApiProvider } from './api/api-context.tsx';
import { chooseTransport } from './api/choose-transport.ts';
import { App } from './App.tsx';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <ApiProvider client={new ApiClient(chooseTransport())}>
      <App />
    </ApiProvider>
  </StrictMode>,
);
