import { useId, useState } from "react";
import { api } from "../api/client";
import type { Me } from "../api/types";
import { ErrorBox } from "../ui/ErrorBox";
import { forgetToken, storeToken } from "./session";

/**
 * Sign in with an API token (cw token create, or the admin token of the first start) or with an
 * OpenID Connect access token of the configured issuer: both are sent as a bearer token.
 */
export function LoginPage({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const [token, setToken] = useState("");
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const id = useId();
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    storeToken(token.trim());
    try {
      onSignedIn(await api<Me>("/api/me"));
    } catch (err) {
      forgetToken();
      setError(err);
      setBusy(false);
    }
  };
  return (
    <main className="login">
      <form onSubmit={submit} className="card" aria-labelledby={`${id}-title`}>
        <h1 id={`${id}-title`}>ClusterWorkflows</h1>
        <p>Sign in with an API token (or an OpenID Connect access token when the server is configured for it).</p>
        <label htmlFor={`${id}-token`}>API token</label>
        <input id={`${id}-token`} type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} required autoFocus />
        <ErrorBox error={error} />
        <button type="submit" className="primary" disabled={busy || token.trim() === ""}>Sign in</button>
      </form>
    </main>
  );
}
