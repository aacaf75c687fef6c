import { forgetToken, storedToken } from "../auth/session";
import type { Problem } from "./types";

export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }

  /** Every problem as one line each: the detail, then each field's errors. */
  lines(): string[] {
    const out = [this.message];
    for (const [field, problems] of Object.entries(this.problem.errors ?? {})) {
      for (const p of problems) out.push(`${field}: ${p}`);
    }

    return out;
  }
}

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();

/** Called when the server answers 401 (token revoked or expired): the app goes back to login. */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export function authHeaders(): Record<string, string> {
  const token = storedToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

export async function api<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json", ...authHeaders() };
  const request: RequestInit = { method: init.method ?? "GET", headers };
  if (init.signal) request.signal = init.signal;
  if (init.body !== undefined) {
    headers["Content-Type"] = "application/json";
    request.body = JSON.stringify(init.body);
  }

  const response = await fetch(path, request);
  if (response.status === 401) {
    forgetToken();
    unauthorizedListeners.forEach((l) => l());
  }

  if (!response.ok) {
    let problem: Problem = { status: response.status, title: response.statusText };
    try {
      problem = (await response.json()) as Problem;
    } catch {
      // Not every error has a body (a proxy's 502); the status says enough.
    }

    throw new ApiError(response.status, problem);
  }

  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== "");
  return entries.length === 0 ? "" : "?" + new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString();
}
