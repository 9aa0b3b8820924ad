import { useState } from 'preact/hooks';

/** Asks for the gateway's key; `problem` says why (none given yet, or the last one was refused). */
export function SignInView({ problem, onKey }: { problem: string; onKey(key: string): void }) {
  const [key, setKey] = useState('');
  return (
    <main class="sign-in" data-view="sign-in">
      <h1>Switchboard gateway</h1>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (key.trim() !== '') onKey(key.trim());
        }}
      >
        <p data-problem>{problem}</p>
        <label>
          API key{' '}
          <input
            type="password"
            autoComplete="off"
            spellcheck={false}
            value={key}
            onInput={(event) => setKey((event.target as HTMLInputElement).value)}
            data-control="key"
          />
        </label>
        <button type="submit" data-control="sign-in">
          Open the dashboard
        </button>
        <p class="muted small">The key stays in this tab (sessionStorage) and goes only to this gateway, in the Authorization header.</p>
      </form>
    </main>
  );
}
