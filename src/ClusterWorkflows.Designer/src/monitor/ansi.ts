import Anser from "anser";

export interface AnsiSpan {
  text: string;
  fg?: string;
  bg?: string;
  bold?: boolean;
}

/**
 * Log text with ANSI colour codes as styled spans. Colours become rgb() strings for style
 * attributes: nothing from the log is ever treated as HTML.
 */
export function ansiSpans(text: string): AnsiSpan[] {
  return Anser.ansiToJson(text, { json: true, remove_empty: true }).map((part) => {
    const span: AnsiSpan = { text: part.content };
    if (part.fg) span.fg = `rgb(${part.fg})`;
    if (part.bg) span.bg = `rgb(${part.bg})`;
    if (part.decorations?.includes("bold")) span.bold = true;
    return span;
  });
}
