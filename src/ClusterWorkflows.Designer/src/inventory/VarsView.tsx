/** A secret reference as the server sends it ({ secret: name }): its value is never sent at all. */
function isSecretRef(value: unknown): value is { secret: string } {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 1 && typeof (value as { secret?: unknown }).secret === "string";
}

export function VarsView({ vars }: { vars: Record<string, unknown> }) {
  const entries = Object.entries(vars);
  if (entries.length === 0) return <span className="hint">none</span>;
  return (
    <dl className="kv">
      {entries.map(([name, value]) => (
        <div key={name} style={{ display: "contents" }}>
          <dt>{name}</dt>
          <dd>{isSecretRef(value) ? <span className="tag" title="secret: the value is never shown">secret {value.secret}</span> : typeof value === "string" ? value : JSON.stringify(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
