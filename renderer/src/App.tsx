import { SitesView } from './views/sites/SitesView.tsx';

export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1>B2B Fleet Console</h1>
      </header>
      <main className="app-main" data-testid="app-ready">
        <SitesView />
      </main>
    </div>
  );
}
