import { useEffect, useRef } from "react";
import type { Diagnostic } from "../api/types";
import { monaco } from "./monaco";

interface Props {
  value: string;
  onChange: (text: string) => void;
  diagnostics: Diagnostic[];
  readOnly: boolean;
  revealLine?: number | undefined;
}

/**
 * The YAML view. It shows the same text the graph edits: a change here reaches the graph after a
 * short pause, and a change from the graph replaces the text here (the cursor stays put).
 */
export default function YamlEditor({ value, onChange, diagnostics, readOnly, revealLine }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const changeRef = useRef(onChange);
  changeRef.current = onChange;
  useEffect(() => {
    const instance = monaco.editor.create(host.current!, {
      value,
      language: "yaml",
      automaticLayout: true,
      minimap: { enabled: false },
      tabSize: 2,
      insertSpaces: true,
      scrollBeyondLastLine: false,
      readOnly,
      ariaLabel: "Runbook YAML",
      fontSize: 13,
    });
    editor.current = instance;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const sub = instance.onDidChangeModelContent((e) => {
      if (e.isFlush) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        changeRef.current(instance.getValue());
      }, 250);
    });
    return () => {
      // Leaving the YAML tab must not lose what was typed in the last moment.
      if (timer !== undefined) {
        clearTimeout(timer);
        changeRef.current(instance.getValue());
      }
      sub.dispose();
      instance.getModel()?.dispose();
      instance.dispose();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => {
    const instance = editor.current;
    if (instance && instance.getValue() !== value) {
      const position = instance.getPosition();
      instance.getModel()?.pushEditOperations([], [{ range: instance.getModel()!.getFullModelRange(), text: value }], () => null);
      if (position) instance.setPosition(position);
    }
  }, [value]);
  useEffect(() => editor.current?.updateOptions({ readOnly }), [readOnly]);
  useEffect(() => {
    const model = editor.current?.getModel();
    if (!model) return;
    monaco.editor.setModelMarkers(model, "cw", diagnostics.map((d) => ({
      severity: monaco.MarkerSeverity.Error,
      message: `${d.step ? d.step + ": " : ""}${d.message} (${d.code})`,
      startLineNumber: Math.max(1, d.line),
      startColumn: Math.max(1, d.column),
      endLineNumber: Math.max(1, d.line),
      endColumn: model.getLineMaxColumn(Math.max(1, Math.min(d.line, model.getLineCount()))),
    })));
  }, [diagnostics, value]);
  useEffect(() => {
    if (revealLine && editor.current) {
      editor.current.revealLineInCenter(revealLine);
      editor.current.setPosition({ lineNumber: revealLine, column: 1 });
      editor.current.focus();
    }
  }, [revealLine]);
  return <div className="yaml-editor" ref={host} />;
}
