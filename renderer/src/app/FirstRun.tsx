import { useAppActions } from './app-actions.tsx';
import { navigate, routeHref } from './router.ts';

/** What a newcomer sees with an empty register: one click to a live demo, or how to add real sites. */
export function FirstRun() {
  const { busy, demoError, startDemo } = useAppActions();
  const starting = busy === 'demo-start';
  return (
    <section className="first-run" aria-labelledby="first-run-title" data-testid="first-run">
      <h2 id="first-run-title">Welcome to the B2B Fleet Console</h2>
      <p className="lead">
        The console watches each school's B2B link and tells you which ones stopped sending pupils, attendance, exclusions or assessment data, ranked by impact.
        Your register is empty, so there is nothing to watch yet.
      </p>
      <div className="first-run-options">
        <div className="option-card option-primary">
          <h3>Try it with a demo fleet</h3>
          <p>
            Starts about 40 simulated Brackenfield schools (from a GIAS extract), each with its own SSH server on this machine, and polls them live. Some have realistic faults: a stopped
            service, expired credentials, a full disk. Everything is labelled <strong>DEMO</strong>, and you can remove it in one click.
          </p>
          <button
            type="button"
            className="primary large"
            data-testid="start-demo"
            disabled={starting}
            aria-describedby={starting ? 'demo-progress' : undefined}
            onClick={() => void startDemo().then((started) => started && navigate({ view: 'map' }))}
          >
            {starting ? 'Starting the demo fleet…' : 'Start the demo fleet'}
          </button>
          {starting && (
            <div id="demo-progress" className="progress" role="progressbar" aria-label="Starting the demo fleet" data-testid="demo-progress">
              <div className="progress-bar indeterminate" />
              <p className="muted">Starting simulated schools and their SSH servers, then the first polls…</p>
            </div>
          )}
          {demoError && (
            <p className="form-error" role="alert" data-testid="demo-error">
              Could not start the demo: {demoError}
            </p>
          )}
        </div>
        <div className="option-card">
          <h3>Add your own schools</h3>
          <p>
            Register each school's B2B host (its URN, host, port and SSH user) in <a href={routeHref({ view: 'sites' })}>Sites</a>, and set up the console's SSH key in{' '}
            <a href={routeHref({ view: 'settings' })}>Settings</a>. The first poll pins the host key for you to approve.
          </p>
          <p className="muted">Demo and real sites never mix: the demo is offered only while the register is empty.</p>
        </div>
      </div>
    </section>
  );
}
