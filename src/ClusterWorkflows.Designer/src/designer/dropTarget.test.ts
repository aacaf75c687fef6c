import { describe, expect, it } from "vitest";
import { readRunbook } from "../model/stepTree";
import { isInside, placementFor } from "./dropTarget";

const { model } = readRunbook(`id: x
version: 1
steps:
  - { id: a, uses: core.log@1 }
  - id: loop
    forEach: [1, 2]
    steps:
      - { id: b, uses: core.log@1 }
  - id: guard
    try: [{ id: t, uses: core.log@1 }]
    catch: [{ id: c, uses: core.log@1 }]
`);

describe("placementFor", () => {
  it("a drop on a step goes right after it, in its own list", () => {
    expect(placementFor(model.steps, "loop/b")).toEqual({ listPath: ["steps", 1, "steps"], index: 1 });
    expect(placementFor(model.steps, "a")).toEqual({ listPath: ["steps"], index: 1 });
  });

  it("a drop on a container goes at the end of its body; on a region, at the end of that region", () => {
    expect(placementFor(model.steps, "loop")).toEqual({ listPath: ["steps", 1, "steps"], index: 1 });
    expect(placementFor(model.steps, "guard#catch")).toEqual({ listPath: ["steps", 2, "catch"], index: 1 });
  });

  it("start and end put the step first and last", () => {
    expect(placementFor(model.steps, "#start")).toEqual({ listPath: ["steps"], index: 0 });
    expect(placementFor(model.steps, "#end")).toEqual({ listPath: ["steps"], index: 3 });
  });

  it("a container cannot be moved into its own body", () => {
    expect(isInside(["steps", 1, "steps"], ["steps", 1])).toBe(true);
    expect(isInside(["steps"], ["steps", 1])).toBe(false);
  });
});
