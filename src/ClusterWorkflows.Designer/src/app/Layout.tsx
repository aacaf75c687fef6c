import type { ReactNode } from "react";
import { Link, useLocation } from "./router";
import { useMe } from "./session";

const pages = [
  ["/", "Runbooks"],
  ["/runs", "Runs"],
  ["/schedules", "Schedules"],
  ["/inventory", "Inventory"],
  ["/audit", "Audit"],
] as const;

export function Layout({ children, onSignOut }: { children: ReactNode; onSignOut: () => void }) {
  const me = useMe();
  const { path } = useLocation();
  const current = (to: string) => (to === "/" ? path === "/" || path.startsWith("/runbooks") : path.startsWith(to));
  return (
    <div className="shell">
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="topbar">
        <span className="brand">ClusterWorkflows</span>
        <nav aria-label="Pages">
          {pages.map(([to, label]) => (
            <Link key={to} to={to} aria-current={current(to) ? "page" : undefined}>{label}</Link>
          ))}
        </nav>
        <span className="whoami">{me?.name} · {me?.role}</span>
        <button type="button" onClick={onSignOut}>Sign out</button>
      </header>
      <main id="main" tabIndex={-1}>{children}</main>
    </div>
  );
}
