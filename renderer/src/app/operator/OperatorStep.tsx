import { OperatorForm } from './OperatorForm.tsx';

/** Browser mode's first screen in a new session: the console connects once it knows who is there. */
export function OperatorStep({ onDone }: { onDone: (name: string) => void }) {
  return (
    <main className="operator-step" aria-labelledby="operator-step-title" data-testid="operator-step">
      <h1 id="operator-step-title">Who is using the console?</h1>
      <p className="lead">Acknowledgements, notes and every change you make are recorded under this name. It is asked once per browser session.</p>
      <OperatorForm submitLabel="Continue" onSubmit={onDone} />
    </main>
  );
}
