// Who is at the keyboard, for acknowledgements and notes. The console has no sign-in yet,
// so the name is asked once and remembered on this machine.
import { useCallback, useState } from 'react';

const KEY = 'b2b.operatorName';

function read(): string {
  try {
    return window.localStorage.getItem(KEY) ?? '';
  } catch {
    // Storage can be disabled by policy; the name then lasts for this page only.
    return '';
  }
}

export function useOperatorName(): [string, (name: string) => void] {
  const [name, setName] = useState(read);
  const update = useCallback((next: string) => {
    setName(next);
    try {
      window.localStorage.setItem(KEY, next.trim());
    } catch {
      // See read(): not being able to remember is not an error worth showing.
    }
  }, []);
  return [name, update];
}
