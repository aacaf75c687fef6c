import type { Field } from "./schemaFields";
import { formatValue } from "./schemaFields";

interface Props {
  idPrefix: string;
  field: Field;
  text: string;
  onChange: (text: string) => void;
  error?: string | undefined;
  /** Designer forms take `${{ }}` expressions in every field; the Run form takes literal values. */
  expressions: boolean;
}

/** One labelled control for a generated field, with its description and its problem announced. */
export function FieldControl({ idPrefix, field, text, onChange, error, expressions }: Props) {
  const id = `${idPrefix}-${field.name}`;
  const describedBy = [field.description ? `${id}-desc` : "", error ? `${id}-err` : ""].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    name: field.name,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy,
    "aria-required": field.required || undefined,
  } as const;
  const placeholder = field.default !== undefined ? `default: ${formatValue(field, field.default).replace(/\n/g, " ")}` : expressions ? "value or ${{ expression }}" : "";
  let control;
  const choices = field.kind === "boolean" ? [true, false] : field.kind === "choice" ? field.options ?? [] : undefined;
  if (choices && !expressions) {
    control = (
      <select {...common} value={text} onChange={(e) => onChange(e.target.value)}>
        <option value="">{field.default !== undefined ? `(default: ${String(field.default)})` : field.required ? "(choose)" : "(not set)"}</option>
        {choices.map((o) => <option key={String(o)} value={String(o)}>{String(o)}</option>)}
      </select>
    );
  } else if (field.kind === "structured" || text.includes("\n") || text.length > 60) {
    control = <textarea {...common} value={text} rows={Math.min(8, Math.max(2, text.split("\n").length))} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} spellCheck={false} />;
  } else {
    const type = field.kind === "secret" ? "password" : field.kind === "integer" || field.kind === "number" ? (expressions ? "text" : "number") : "text";
    control = (
      <>
        <input {...common} type={type} value={text} placeholder={placeholder} autoComplete="off" spellCheck={false}
          list={choices ? `${id}-list` : undefined} onChange={(e) => onChange(e.target.value)} />
        {choices && <datalist id={`${id}-list`}>{choices.map((o) => <option key={String(o)} value={String(o)} />)}</datalist>}
      </>
    );
  }

  return (
    <div className={`field ${error ? "invalid" : ""}`}>
      <label htmlFor={id}>
        {field.name}
        {field.required && <span className="required" aria-hidden="true"> *</span>}
        {field.kind === "secret" && <span className="tag">secret</span>}
        <span className="type">{field.type}</span>
      </label>
      {control}
      {field.description && <div id={`${id}-desc`} className="hint">{field.description}</div>}
      {error && <div id={`${id}-err`} className="field-error" role="alert">{error}</div>}
    </div>
  );
}
