/**
 * Where the designer's opening time is published for the browser test and the benchmark:
 * fetchToRenderedMs = from just before the definition is requested to the first frame after the
 * laid-out graph was committed; navigationToRenderedMs = the same end measured from navigation start.
 */
export interface OpenTiming {
  workflow: string;
  steps: number;
  nodes: number;
  fetchToRenderedMs: number;
  navigationToRenderedMs: number;
  /** Milliseconds from the start to each phase (fetched, laid out...). */
  phases: Record<string, number>;
}

declare global {
  interface Window {
    __cwOpenTimings?: OpenTiming[];
  }
}

export function recordOpenTiming(timing: OpenTiming): void {
  (window.__cwOpenTimings ??= []).push(timing);
}
