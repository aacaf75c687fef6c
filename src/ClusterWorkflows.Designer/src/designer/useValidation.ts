import { useEffect, useState } from "react";
import { api } from "../api/client";
import type { Diagnostic, ValidationResult } from "../api/types";

/** The server's diagnostics of the text (the same validator as saving), asked for as the user pauses. */
export function useValidation(source: string, delayMs = 350): { diagnostics: Diagnostic[]; checking: boolean } {
  const [state, setState] = useState<{ diagnostics: Diagnostic[]; checking: boolean }>({ diagnostics: [], checking: true });
  useEffect(() => {
    const abort = new AbortController();
    setState((s) => ({ ...s, checking: true }));
    const timer = setTimeout(() => {
      api<ValidationResult>("/api/definitions/validate", { method: "POST", body: { content: source }, signal: abort.signal }).then(
        (result) => setState({ diagnostics: result.diagnostics, checking: false }),
        () => !abort.signal.aborted && setState((s) => ({ ...s, checking: false })),
      );
    }, delayMs);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [source, delayMs]);
  return state;
}

/** Diagnostics by step path, to show on the nodes they concern. */
export function problemsByStep(diagnostics: Diagnostic[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const d of diagnostics) {
    if (!d.step) continue;
    map.set(d.step, [...(map.get(d.step) ?? []), d.message]);
  }

  return map;
}
