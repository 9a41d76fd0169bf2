import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { authHeaders, type Credentials, loadCredentials, saveCredentials } from './api';
import { Conductors } from './conductors';
import { NodePage } from './node-page';
import { Nodes } from './nodes';
import { Overview } from './overview';
import { href, useRoute } from './router';
import './styles.css';

type AuthState =
  | { phase: 'checking' }
  | { phase: 'ok' }
  | { phase: 'login'; scheme: 'basic' | 'token'; error?: string };

/** Probes the API; a 401 means the console must ask for credentials (its challenge says which kind). */
async function probe(): Promise<AuthState> {
  const res = await fetch('/v1/nodes?limit=1&fields=uuid', {
    credentials: 'omit',
    headers: {
      'X-OpenStack-Ironic-API-Version': 'latest',
      ...authHeaders(loadCredentials()),
    },
  });
  if (res.status !== 401) return { phase: 'ok' };
  const challenge = res.headers.get('WWW-Authenticate') ?? '';
  return { phase: 'login', scheme: /^basic/i.test(challenge) ? 'basic' : 'token' };
}

function Login({
  scheme,
  error,
  onDone,
}: {
  scheme: 'basic' | 'token';
  error?: string | undefined;
  onDone: () => void;
}) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const submit = (e: Event) => {
    e.preventDefault();
    const c: Credentials =
      scheme === 'basic' ? { kind: 'basic', username, password } : { kind: 'token', token: password };
    saveCredentials(c);
    onDone();
  };
  return (
    <main class="login">
      <form onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">Ferric</h1>
        <p>Sign in with your API credentials.</p>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        {scheme === 'basic' && (
          <label>
            User name
            <input
              name="username"
              autocomplete="username"
              required
              value={username}
              onInput={(e) => setUsername((e.target as HTMLInputElement).value)}
            />
          </label>
        )}
        <label>
          {scheme === 'basic' ? 'Password' : 'Token'}
          <input
            name="password"
            type="password"
            autocomplete={scheme === 'basic' ? 'current-password' : 'off'}
            required
            value={password}
            onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
          />
        </label>
        <button type="submit" class="primary">
          Sign in
        </button>
      </form>
    </main>
  );
}

function useTheme(): [string, () => void] {
  const [theme, setTheme] = useState(() => localStorage.getItem('ferric-console-theme') ?? 'auto');
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem('ferric-console-theme', theme);
  }, [theme]);
  return [theme, () => setTheme((t) => (t === 'auto' ? 'dark' : t === 'dark' ? 'light' : 'auto'))];
}

function App() {
  const [auth, setAuth] = useState<AuthState>({ phase: 'checking' });
  const route = useRoute();
  const [theme, cycleTheme] = useTheme();
  const check = (failed?: boolean) => {
    probe().then(
      (s) => setAuth(s.phase === 'login' && failed ? { ...s, error: 'Those credentials were refused.' } : s),
      (err: unknown) => setAuth({ phase: 'login', scheme: 'basic', error: (err as Error).message }),
    );
  };
  useEffect(() => check(), []);
  if (auth.phase === 'checking') return <p class="muted">Connecting…</p>;
  if (auth.phase === 'login')
    return <Login scheme={auth.scheme} error={auth.error} onDone={() => check(true)} />;
  const [section, id] = route.path;
  const page =
    section === 'nodes' && id ? (
      <NodePage ident={id} key={id} />
    ) : section === 'nodes' ? (
      <Nodes route={route} />
    ) : section === 'conductors' ? (
      <Conductors />
    ) : (
      <Overview />
    );
  const current = (s: string | undefined) => ((section ?? '') === (s ?? '') ? 'page' : undefined);
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Ferric</span>
        <nav aria-label="Main">
          <a href={href('/')} aria-current={current(undefined)}>
            Overview
          </a>
          <a href={href('/nodes')} aria-current={current('nodes')}>
            Nodes
          </a>
          <a href={href('/conductors')} aria-current={current('conductors')}>
            Conductors
          </a>
        </nav>
        <button type="button" class="link" onClick={cycleTheme} aria-label={`Colour theme: ${theme}`}>
          Theme: {theme}
        </button>
        {loadCredentials() && (
          <button
            type="button"
            class="link"
            onClick={() => {
              saveCredentials(null);
              check();
            }}
          >
            Sign out
          </button>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {page}
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
