import type { Diagnostic } from "../api/types";

/** The validator's diagnostics; picking one shows its line in the YAML view. */
export function ProblemsList({ diagnostics, yamlErrors, onPick }: { diagnostics: Diagnostic[]; yamlErrors: string[]; onPick: (d: Diagnostic) => void }) {
  if (diagnostics.length === 0 && yamlErrors.length === 0) return null;
  return (
    <details className="problems-list" open={diagnostics.length + yamlErrors.length <= 5}>
      <summary>{diagnostics.length + yamlErrors.length} problem(s)</summary>
      <ul>
        {yamlErrors.map((e, i) => <li key={`y${i}`} className="field-error">{e.split("\n")[0]}</li>)}
        {diagnostics.map((d, i) => (
          <li key={i}>
            <button type="button" className="link" onClick={() => onPick(d)}>
              line {d.line}:{d.column} {d.step ? <strong>{d.step}</strong> : null} {d.message} <span className="hint">({d.code})</span>
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
