import { diffArrays } from "diff";
import { Document, LineCounter, parseDocument } from "yaml";

/**
 * How runbook text is written back. Long lines are never folded and double-quoted strings stay
 * on one line: the server's loader and people reading diffs both expect the author's line breaks.
 */
export const writeOptions = {
  lineWidth: 0,
  minContentWidth: 0,
  flowCollectionPadding: false,
  doubleQuotedMinMultiLineLength: Number.MAX_SAFE_INTEGER,
} as const;

export function parseRunbookDocument(text: string, lineCounter?: LineCounter): Document.Parsed {
  return parseDocument(text, { prettyErrors: true, uniqueKeys: true, ...(lineCounter ? { lineCounter } : {}) });
}

function lines(text: string): string[] {
  return text.split("\n");
}

/**
 * The new text after a change made through the Document API, with every line the change did not
 * touch copied byte for byte from the original. The Document API keeps comments and key order but
 * writes flow collections and quoting in one house style; copying unchanged lines keeps the
 * author's own style everywhere else, so a one-step edit is a one-step diff.
 */
export function rewrite(original: string, changed: Document): string {
  const full = changed.toString(writeOptions);
  const base = parseRunbookDocument(original).toString(writeOptions);
  const originalLines = lines(original);
  const baseLines = lines(base);
  if (baseLines.length !== originalLines.length) {
    // The house style moved lines around (rare: e.g. block scalars re-indented); fall back to the
    // Document's own text, which still keeps every comment and the key order.
    return full;
  }

  const out: string[] = [];
  let baseIndex = 0;
  for (const part of diffArrays(baseLines, lines(full))) {
    if (part.added) {
      out.push(...part.value);
    } else if (part.removed) {
      baseIndex += part.value.length;
    } else {
      out.push(...originalLines.slice(baseIndex, baseIndex + part.value.length));
      baseIndex += part.value.length;
    }
  }

  return out.join("\n");
}
