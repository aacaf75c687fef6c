import { useEffect, useState } from "react";
import { api, onUnauthorized } from "../api/client";
import type { Me } from "../api/types";
import { LoginPage } from "../auth/LoginPage";
import { forgetToken, storedToken } from "../auth/session";
import { Layout } from "./Layout";
import { Routes } from "./Routes";
import { SessionContext } from "./session";

export function App() {
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(storedToken() !== null);
  useEffect(() => {
    if (storedToken()) {
      api<Me>("/api/me").then(setMe, () => forgetToken()).finally(() => setChecking(false));
    }

    return onUnauthorized(() => setMe(null));
  }, []);
  if (checking) return <p className="loading">Loading…</p>;
  if (!me) return <LoginPage onSignedIn={setMe} />;
  return (
    <SessionContext.Provider value={me}>
      <Layout onSignOut={() => { forgetToken(); setMe(null); }}>
        <Routes />
      </Layout>
    </SessionContext.Provider>
  );
}
