import type { Me, Role } from "../api/types";

// sessionStorage, not localStorage: the token goes away with the tab and is never shared with
// other tabs or left on disk for the next person at the machine.
const key = "cw.token";

export function storedToken(): string | null {
  return sessionStorage.getItem(key);
}

export function storeToken(token: string): void {
  sessionStorage.setItem(key, token);
}

export function forgetToken(): void {
  sessionStorage.removeItem(key);
}

const rank: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };

/** Whether the signed-in user's role includes `role` (the server checks again on every call). */
export function can(me: Me | null, role: Role): boolean {
  return me?.role ? rank[me.role] >= rank[role] : false;
}
