import { describe, expect, it } from "vitest";
import type { JsonSchema } from "../api/types";
import { fieldsOf, fieldsOfInputs, formatValue, parseValue, validateValues } from "./schemaFields";

const failSchema: JsonSchema = {
  type: "object",
  properties: {
    message: { type: "string", minLength: 1, default: "drill failure" },
    times: { type: "integer", minimum: -1, maximum: 2147483647, default: 1 },
    retryable: { type: "boolean", default: true },
  },
  additionalProperties: false,
};

const sshSchema: JsonSchema = {
  type: "object",
  properties: {
    connection: { type: "object", properties: { host: { type: "string" } } },
    command: { type: "string", minLength: 1 },
    password: { type: ["string", "null"] },
    level: { enum: ["debug", "info"], type: "string" },
    timeout: { type: ["string", "null"], pattern: "^(\\d+(ms|s|m|h|d))+$", "x-format": "duration" },
  },
  required: ["command"],
};

describe("fieldsOf (activity input schema → form)", () => {
  it("required first; types, enums, secrets, durations and nullables become the right controls", () => {
    const fields = fieldsOf(sshSchema, ["password"]);

    expect(fields.map((f) => [f.name, f.kind, f.required])).toEqual([
      ["command", "text", true], ["connection", "structured", false], ["password", "secret", false],
      ["level", "choice", false], ["timeout", "text", false],
    ]);
    expect(fields.find((f) => f.name === "timeout")).toMatchObject({ duration: true, nullable: true });
  });

  it("defaults and bounds are kept for the placeholders and checks", () => {
    expect(fieldsOf(failSchema).find((f) => f.name === "times")).toMatchObject({ kind: "integer", default: 1, minimum: -1 });
  });
});

describe("parseValue (validation as you type)", () => {
  const [times, retryable] = [fieldsOf(failSchema)[1]!, fieldsOf(failSchema)[2]!];
  const timeout = fieldsOf(sshSchema).find((f) => f.name === "timeout")!;
  const connection = fieldsOf(sshSchema).find((f) => f.name === "connection")!;

  it("numbers: whole numbers within bounds, anything else explained", () => {
    expect(parseValue(times, "3")).toEqual({ value: 3 });
    expect(parseValue(times, "1.5").error).toBe("must be a whole number");
    expect(parseValue(times, "-5").error).toBe("must be at least -1");
  });

  it("an expression is accepted in any field, an unfinished one is not", () => {
    expect(parseValue(times, "${{ inputs.n * 2 }}")).toEqual({ value: "${{ inputs.n * 2 }}" });
    expect(parseValue(times, "${{ inputs.n").error).toMatch(/end with/);
  });

  it("booleans, durations and structured values", () => {
    expect(parseValue(retryable, "false")).toEqual({ value: false });
    expect(parseValue(timeout, "ten minutes").error).toMatch(/duration/);
    expect(parseValue(timeout, "1h30m")).toEqual({ value: "1h30m" });
    expect(parseValue(connection, "host: a\nport: 22")).toEqual({ value: { host: "a", port: 22 } });
    expect(parseValue(connection, "[1, 2]").error).toBe("must be a mapping");
  });

  it("empty text: not set, or 'required'", () => {
    expect(parseValue(times, "")).toEqual({ value: undefined });
    expect(parseValue(fieldsOf(sshSchema)[0]!, "").error).toBe("required");
  });

  it("structured values show as YAML and read back the same", () => {
    expect(parseValue(connection, formatValue(connection, { host: "h", port: 22 }))).toEqual({ value: { host: "h", port: 22 } });
  });
});

describe("run form (declared inputs)", () => {
  const fields = fieldsOfInputs({
    etcdMembers: { type: "integer", default: 3, allowed: [3, 5] },
    password: { type: "string", secret: true, required: true },
    note: null,
  });

  it("allowed values are a choice, secrets a password, a bare input an optional string", () => {
    expect(fields.map((f) => [f.name, f.kind, f.required])).toEqual([["etcdMembers", "choice", false], ["password", "secret", true], ["note", "text", false]]);
  });

  it("values outside allowed, missing required inputs and unknown names are reported, expressions are not allowed", () => {
    expect(validateValues(fields, { etcdMembers: 4, extra: 1 }, false)).toEqual({
      etcdMembers: "must be one of 3, 5",
      password: "required",
      extra: "unknown input; known: etcdMembers, password, note",
    });
    expect(validateValues(fields, { password: "${{ x }}" }, false)).toEqual({});
  });
});
