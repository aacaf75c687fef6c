// The JSON shapes of cw-server's REST API (src/ClusterWorkflows.Server/Api/Views.cs).

export type RunStatus = "pending" | "running" | "waiting" | "faulted" | "completed" | "cancelled";
export type StepStatus = "pending" | "running" | "waiting" | "completed" | "faulted" | "skipped" | "cancelled" | string;
export type Role = "viewer" | "operator" | "admin";

export interface Me {
  name: string;
  via: string | null;
  role: Role | null;
  roles: Role[];
}

export interface RunView {
  id: string;
  workflow: string;
  version: number;
  status: RunStatus;
  inputs: Record<string, unknown>;
  variables: Record<string, unknown>;
  outputs: Record<string, unknown> | null;
  error: string | null;
  checkMode: boolean;
  cancelRequested: boolean;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  endedAt: string | null;
  wakeAt: string | null;
  createdBy: string | null;
  triggeredBy: string | null;
  worker: string | null;
}

export interface StepError {
  code: string;
  message: string;
  retryable: boolean;
}

export interface StepView {
  path: string;
  id: string;
  item: string | null;
  attempt: number;
  status: StepStatus;
  changed: boolean;
  startedAt: string | null;
  endedAt: string | null;
  inputs: Record<string, unknown> | null;
  outputs: Record<string, unknown> | null;
  error: StepError | null;
  handled: boolean;
  superseded: boolean;
  dueAt: string | null;
  bookmark: unknown;
  worker: string | null;
  sequence: number;
  revision: number;
}

/** A running step's latest progress (the `progress` event; not stored, so only live). */
export interface ProgressView {
  path: string;
  item: string | null;
  attempt: number;
  done: number;
  total: number | null;
  unit: string | null;
  message: string | null;
  at: string;
}

export interface RunDetail extends RunView {
  /** One page of the journal; readRunDetail (monitor/runDetail.ts) follows stepsNext for the rest. */
  steps: StepView[];
  stepsNext?: number | null;
  stepsTotal?: number;
  incidents: StepView[];
  approvals: StepView[];
}

export interface LogLineView {
  sequence: number;
  step: string | null;
  attempt: number;
  at: string;
  level: string;
  text: string;
}

export interface Page<T> {
  items: T[];
  next: number | null;
}

export interface DefinitionSummary {
  id: string;
  version: number;
  createdAt: string;
  source: string | null;
  hash: string;
  description?: string | null;
  lastRun: { id: string; status: RunStatus; createdAt: string } | null;
  triggers?: Array<{ kind: string; cron?: string; path?: string }>;
}

export interface DefinitionView extends DefinitionSummary {
  content: string;
  created?: boolean;
  note?: string | null;
}

export interface Diagnostic {
  code: string;
  message: string;
  line: number;
  column: number;
  step: string | null;
}

export interface ValidationResult {
  valid: boolean;
  diagnostics: Diagnostic[];
}

/** A JSON Schema node as the activity descriptors write them (a subset is understood). */
export interface JsonSchema {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  additionalProperties?: boolean | JsonSchema;
  [key: string]: unknown;
}

export interface ActivityDescriptor {
  type: string;
  version: number;
  reference: string;
  category: string;
  description: string;
  idempotent: boolean;
  checkMode: boolean;
  secretInputs: string[];
  inputs: JsonSchema;
  outputs: JsonSchema;
}

export interface ScheduleView {
  id: string;
  workflow: string;
  version: number;
  cron: string;
  timeZone: string | null;
  inputs: Record<string, unknown>;
  overlap: string;
  catchUp: string;
  paused: boolean;
  nextFires: string[];
  lastFireAt: string | null;
}

export interface AuditView {
  sequence: number;
  at: string;
  actor: string;
  action: string;
  run: string | null;
  step: string | null;
  reason: string | null;
  details: Record<string, unknown> | null;
  source: string | null;
}

export interface Problem {
  title?: string;
  detail?: string;
  status?: number;
  errors?: Record<string, string[]>;
}
