import { describe, expect, it } from "vitest";
import type { RunDetail, StepView } from "../api/types";
import { readRunDetail } from "./runDetail";

const step = (n: number): StepView => ({ id: `s${n}`, path: `s${n}`, item: null, attempt: 1, status: "completed", changed: false, startedAt: null, endedAt: null, inputs: null, outputs: null, error: null, handled: false, superseded: false, dueAt: null, bookmark: null, worker: null, sequence: n, revision: n });

function server(total: number, pageSize: number) {
  const asked: string[] = [];
  const get = async (path: string): Promise<RunDetail> => {
    asked.push(path);
    const offset = Number(new URL(path, "http://x").searchParams.get("stepsOffset") ?? "0");
    const steps = Array.from({ length: Math.max(0, Math.min(pageSize, total - offset)) }, (_, i) => step(offset + i + 1));
    return { steps, incidents: [], approvals: [], stepsNext: offset + pageSize < total ? offset + pageSize : null } as unknown as RunDetail;
  };
  return { asked, get };
}

describe("reading a run's paged journal", () => {
  it("follows stepsNext until the last page and keeps every record once, in order", async () => {
    const { asked, get } = server(1234, 500);

    const detail = await readRunDetail("r1", get);

    expect(detail.steps.map((s) => s.sequence)).toEqual(Array.from({ length: 1234 }, (_, i) => i + 1));
    expect(asked).toEqual(["/api/runs/r1", "/api/runs/r1?stepsOffset=500", "/api/runs/r1?stepsOffset=1000"]);
    expect(detail.stepsNext).toBeNull();
  });

  it("asks once when the journal fits one page", async () => {
    const { asked, get } = server(3, 500);

    const detail = await readRunDetail("r1", get);

    expect(detail.steps).toHaveLength(3);
    expect(asked).toHaveLength(1);
  });

  it("stops when a page does not move forward", async () => {
    let calls = 0;
    const get = async (): Promise<RunDetail> => {
      calls++;
      return { steps: [step(calls)], incidents: [], approvals: [], stepsNext: 1 } as unknown as RunDetail;
    };

    const detail = await readRunDetail("r1", get);

    expect(calls).toBe(2);
    expect(detail.steps).toHaveLength(2);
  });
});
