import { ApiError } from "../api/client";

export function errorLines(error: unknown): string[] {
  if (error instanceof ApiError) return error.lines();
  if (error instanceof Error) return [error.message];
  return error ? [String(error)] : [];
}

export function ErrorBox({ error }: { error: unknown }) {
  const lines = errorLines(error);
  if (lines.length === 0) return null;
  return (
    <div className="error-box" role="alert">
      {lines.map((line, i) => <div key={i}>{line}</div>)}
    </div>
  );
}
