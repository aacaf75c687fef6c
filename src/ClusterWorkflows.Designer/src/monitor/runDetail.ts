import { api } from "../api/client";
import type { RunDetail } from "../api/types";

type PageGetter = (path: string) => Promise<RunDetail>;

/**
 * The run with its whole journal: GET /api/runs/:id answers one page of records (stepsNext is the
 * offset of the next page, null on the last), so the pages are read until the end.
 */
export async function readRunDetail(id: string, get: PageGetter): Promise<RunDetail> {
  const first = await get(`/api/runs/${id}`);
  const steps = [...first.steps];
  let next = first.stepsNext ?? null;
  while (next !== null) {
    const page = await get(`/api/runs/${id}?${new URLSearchParams({ stepsOffset: String(next) })}`);
    steps.push(...page.steps);
    // A server that does not move forward would otherwise be asked forever.
    next = page.stepsNext !== null && page.stepsNext !== undefined && page.stepsNext > next ? page.stepsNext : null;
  }

  return { ...first, steps, stepsNext: null };
}

export const loadRunDetail = (id: string, signal?: AbortSignal) =>
  readRunDetail(id, (path) => api<RunDetail>(path, signal ? { signal } : {}));
