import { lazy, Suspense, useCallback, useEffect, useMemo, useState, type KeyboardEvent } from "react";
import type { ActivityDescriptor, DefinitionView } from "../api/types";
import { navigate } from "../app/router";
import { useMe } from "../app/session";
import { can } from "../auth/session";
import { GraphView } from "../graph/GraphView";
import type { GraphActions } from "../graph/graphActions";
import { allSteps, findStep } from "../model/stepTree";
import { Palette } from "./Palette";
import { ProblemsList } from "./ProblemsList";
import { SaveDialog } from "./SaveDialog";
import { StepPanel } from "./StepPanel";
import { phases } from "./phases";
import { recordOpenTiming } from "./timing";
import { useRunbookText } from "./useRunbookText";
import { useStableGraph } from "./useStableGraph";
import { useStepCommands } from "./useStepCommands";
import { problemsByStep, useValidation } from "./useValidation";
import { VersionsPanel } from "./VersionsPanel";

const YamlEditor = lazy(() => import("./YamlEditor"));

type Tab = "graph" | "yaml" | "versions";

interface Props {
  definition: DefinitionView;
  activities: ActivityDescriptor[];
  startedAt: number | undefined;
  onSaved: (definition: DefinitionView) => void;
}

function typing(target: EventTarget): boolean {
  const el = target as HTMLElement;
  return el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName) || el.closest(".yaml-editor") !== null;
}

export function Editor({ definition, activities, startedAt, onSaved }: Props) {
  const me = useMe();
  const editable = can(me, "admin");
  const text = useRunbookText(definition.content);
  const validation = useValidation(text.source);
  const problems = useMemo(() => problemsByStep(validation.diagnostics), [validation.diagnostics]);
  const graph = useStableGraph(text.lastGood.steps);
  const [selected, setSelected] = useState<string>();
  const [tab, setTab] = useState<Tab>("graph");
  const [saving, setSaving] = useState(false);
  const [revealLine, setRevealLine] = useState<number>();
  const select = useCallback((path: string | undefined) => setSelected(path), []);
  const commands = useStepCommands(text, activities, selected, select);
  const selectedStep = selected ? findStep(text.lastGood.steps, selected) : undefined;
  const dirty = text.source !== definition.content;
  // While the YAML does not parse, the graph shows the last good text and cannot be edited.
  const graphEditable = editable && text.model.errors.length === 0;

  const actions: GraphActions = useMemo(() => {
    const a: GraphActions = {
      problems,
      select,
      openCall: (workflow, version) => navigate(`/runbooks/${encodeURIComponent(workflow)}${version ? `?version=${version}` : ""}`),
    };
    if (selected) a.selected = selected;
    if (graphEditable) a.drop = commands.drop;
    return a;
  }, [problems, select, selected, graphEditable, commands.drop]);

  const onRendered = useCallback((at: number) => {
    if (startedAt === undefined) return;
    recordOpenTiming({
      workflow: definition.id,
      steps: [...allSteps(text.lastGood.steps)].length,
      nodes: graph.nodes.length,
      fetchToRenderedMs: at - startedAt,
      navigationToRenderedMs: at,
      phases: { started: Math.round(startedAt), ...Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, Math.round(v - startedAt)])) },
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (selected && !findStep(text.lastGood.steps, selected)) setSelected(undefined);
  }, [selected, text.lastGood.steps]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (typing(e.target)) return;
    const mod = e.ctrlKey || e.metaKey;
    const key = e.key.toLowerCase();
    if (editable && mod && key === "z") text[e.shiftKey ? "redo" : "undo"]();
    else if (editable && mod && key === "y") text.redo();
    else if (selected && mod && key === "c") commands.copy(selected);
    else if (editable && mod && key === "v") commands.paste();
    else if (editable && selected && (e.key === "Delete" || e.key === "Backspace")) commands.remove(selected);
    else if (editable && selected && e.altKey && (e.key === "ArrowUp" || e.key === "ArrowDown")) commands.move(selected, e.key === "ArrowUp" ? -1 : 1);
    else return;
    e.preventDefault();
  };

  return (
    <section className="designer" onKeyDown={onKeyDown} aria-label={`Designer of ${definition.id}`}>
      <div className="designer-bar">
        <h1>{definition.id} <span className="hint">v{definition.version}{dirty ? " · unsaved changes" : ""}</span></h1>
        <div role="tablist" aria-label="Views">
          {(["graph", "yaml", "versions"] as const).map((t) => (
            <button key={t} type="button" role="tab" aria-selected={tab === t} onClick={() => setTab(t)}>
              {t === "graph" ? "Graph" : t === "yaml" ? "YAML" : "Versions"}
            </button>
          ))}
        </div>
        <span className={`validity ${validation.diagnostics.length ? "invalid" : "valid"}`} role="status">
          {validation.checking ? "checking…" : validation.diagnostics.length ? `${validation.diagnostics.length} problem(s)` : "valid"}
        </span>
        {editable && (
          <div className="toolbar">
            <button type="button" onClick={text.undo} disabled={!text.canUndo} title="Ctrl+Z">Undo</button>
            <button type="button" onClick={text.redo} disabled={!text.canRedo} title="Ctrl+Shift+Z">Redo</button>
            <button type="button" onClick={commands.paste} title="Ctrl+V">Paste</button>
            <button type="button" className="primary" onClick={() => setSaving(true)} disabled={!dirty}>Save version…</button>
          </div>
        )}
      </div>
      <ProblemsList diagnostics={validation.diagnostics} yamlErrors={text.model.errors}
        onPick={(d) => { if (d.step && findStep(text.lastGood.steps, d.step)) setSelected(d.step); setTab("yaml"); setRevealLine(d.line); }} />
      <div className={`designer-body tab-${tab}`}>
        {editable && tab === "graph" && <Palette activities={activities} onAdd={(r) => commands.addActivity(r)} disabled={!graphEditable} />}
        <div className="designer-main" role="tabpanel">
          {tab === "graph" && <GraphView graph={graph} actions={actions} onRendered={onRendered} label={`Steps of ${definition.id}`} />}
          {tab === "yaml" && (
            <Suspense fallback={<p className="loading">Loading the editor…</p>}>
              <YamlEditor value={text.source} onChange={text.apply} diagnostics={validation.diagnostics} readOnly={!editable} revealLine={revealLine} />
            </Suspense>
          )}
          {tab === "versions" && <VersionsPanel workflow={definition.id} latest={definition.version} />}
        </div>
        {tab !== "versions" && selectedStep && (
          <StepPanel source={text.lastGoodSource} step={selectedStep} activities={activities} editable={graphEditable} problems={problems.get(selectedStep.path) ?? []}
            onChange={(next, renamed) => { text.apply(next); if (renamed) setSelected(renamed); }}
            onMove={(d) => commands.move(selectedStep.path, d)} onDuplicate={() => commands.duplicate(selectedStep.path)}
            onCopy={() => commands.copy(selectedStep.path)} onDelete={() => commands.remove(selectedStep.path)} />
        )}
      </div>
      {saving && <SaveDialog content={text.source} onClose={() => setSaving(false)} onSaved={(d) => { onSaved(d); navigate(`/runbooks/${encodeURIComponent(d.id)}`, true); }} />}
    </section>
  );
}
