import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import type { JsonSchema } from "../api/types";
import type { InputSpec } from "../model/stepTree";

export type FieldKind = "text" | "integer" | "number" | "boolean" | "choice" | "structured" | "secret";

/** One form control, generated from a JSON Schema property or a runbook's declared input. */
export interface Field {
  name: string;
  kind: FieldKind;
  /** The JSON type the value must have when it is not an expression. */
  type: string;
  required: boolean;
  description?: string;
  default?: unknown;
  options?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  nullable: boolean;
  duration: boolean;
}

export function isExpression(value: unknown): value is string {
  return typeof value === "string" && value.includes("${{");
}

function mainType(schema: JsonSchema): { type: string; nullable: boolean } {
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const real = types.filter((t) => t !== "null");
  return { type: real[0] ?? (schema.enum ? "string" : "object"), nullable: types.includes("null") };
}

function kindFor(type: string, secret: boolean, options: unknown[] | undefined): FieldKind {
  if (secret) return "secret";
  if (options && options.length > 0) return "choice";
  switch (type) {
    case "integer": return "integer";
    case "number": return "number";
    case "boolean": return "boolean";
    case "array": case "object": return "structured";
    default: return "text";
  }
}

/** The fields of an activity's input schema, required ones first, then in the schema's order. */
export function fieldsOf(schema: JsonSchema, secretInputs: readonly string[] = []): Field[] {
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties ?? {}).map(([name, property]): Field => {
    const { type, nullable } = mainType(property);
    const secret = secretInputs.includes(name) || property["x-secret"] === true;
    const field: Field = {
      name, type, nullable, required: required.has(name), kind: kindFor(type, secret, property.enum),
      duration: property["x-format"] === "duration",
    };
    if (property.description) field.description = property.description;
    if (property.default !== undefined) field.default = property.default;
    if (property.enum) field.options = property.enum;
    if (property.pattern) field.pattern = property.pattern;
    if (typeof property.minimum === "number") field.minimum = property.minimum;
    if (typeof property.maximum === "number") field.maximum = property.maximum;
    if (typeof property.minLength === "number") field.minLength = property.minLength;
    return field;
  });
  return [...fields.filter((f) => f.required), ...fields.filter((f) => !f.required)];
}

/** The fields of a runbook's declared inputs (the Run form). */
export function fieldsOfInputs(inputs: Record<string, InputSpec | null>): Field[] {
  return Object.entries(inputs).map(([name, raw]): Field => {
    const spec = raw ?? {};
    const type = spec.type ?? "string";
    const field: Field = {
      name, type, nullable: false, duration: false,
      required: spec.required === true && spec.default === undefined,
      kind: kindFor(type, spec.secret === true, spec.allowed),
    };
    if (spec.description) field.description = spec.description;
    if (spec.default !== undefined) field.default = spec.default;
    if (spec.allowed) field.options = spec.allowed;
    return field;
  });
}

/** The text shown in a control for a value. */
export function formatValue(field: Field, value: unknown): string {
  if (value === undefined || value === null) return "";
  if (isExpression(value) || typeof value === "string") return value as string;
  if (field.kind === "structured") return stringifyYaml(value, { lineWidth: 0 }).trimEnd();
  return String(value);
}

export type Parsed = { value: unknown; error?: undefined } | { value?: undefined; error: string };

/**
 * The typed value of a control's text, or what is wrong with it; empty text means "not set".
 * Any field may hold a `${{ }}` expression instead, which is evaluated at run time.
 */
export function parseValue(field: Field, text: string, allowExpressions = true): Parsed {
  if (text.trim() === "") {
    return field.required ? { error: "required" } : { value: undefined };
  }

  if (allowExpressions && isExpression(text)) {
    return /\$\{\{[\s\S]*\}\}/.test(text) ? { value: text } : { error: "an expression must end with }}" };
  }

  switch (field.type) {
    case "integer":
    case "number": {
      const n = Number(text);
      if (!Number.isFinite(n) || (field.type === "integer" && !Number.isInteger(n))) return { error: `must be ${field.type === "integer" ? "a whole number" : "a number"}` };
      if (field.minimum !== undefined && n < field.minimum) return { error: `must be at least ${field.minimum}` };
      if (field.maximum !== undefined && n > field.maximum) return { error: `must be at most ${field.maximum}` };
      return checkOptions(field, n);
    }
    case "boolean":
      return text === "true" ? { value: true } : text === "false" ? { value: false } : { error: "must be true or false" };
    case "array":
    case "object": {
      let value: unknown;
      try {
        value = parseYaml(text);
      } catch (e) {
        return { error: `not valid YAML/JSON: ${(e as Error).message.split("\n")[0]}` };
      }

      const isArray = Array.isArray(value);
      if (field.type === "array" ? !isArray : isArray || typeof value !== "object" || value === null) return { error: `must be ${field.type === "array" ? "a list" : "a mapping"}` };
      return { value };
    }
    default: {
      if (field.minLength !== undefined && text.length < field.minLength) return { error: "must not be empty" };
      if (field.pattern && !new RegExp(field.pattern).test(text)) return { error: field.duration ? "must be a duration like 30s, 5m or 1h30m" : `must match ${field.pattern}` };
      return checkOptions(field, text);
    }
  }
}

function checkOptions(field: Field, value: unknown): Parsed {
  if (field.options && !field.options.some((o) => o === value)) {
    return { error: `must be one of ${field.options.map(String).join(", ")}` };
  }

  return { value };
}

/** Problems of a whole set of values (the step's `with`, the run's inputs), keyed by field. */
export function validateValues(fields: Field[], values: Record<string, unknown>, allowExpressions = true): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const field of fields) {
    const parsed = parseValue(field, formatValue(field, values[field.name]), allowExpressions);
    if (parsed.error) problems[field.name] = parsed.error;
  }

  for (const name of Object.keys(values)) {
    if (!fields.some((f) => f.name === name)) problems[name] = `unknown input; known: ${fields.map((f) => f.name).join(", ")}`;
  }

  return problems;
}
