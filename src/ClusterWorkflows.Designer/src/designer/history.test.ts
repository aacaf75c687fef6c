import { describe, expect, it } from "vitest";
import { TextHistory } from "./history";

describe("TextHistory", () => {
  it("undo returns the text before each edit, redo replays them", () => {
    const h = new TextHistory("a");
    h.push("b");
    h.push("c");

    expect(h.undo()).toBe("b");
    expect(h.undo()).toBe("a");
    expect(h.canUndo).toBe(false);
    expect(h.redo()).toBe("b");
    expect(h.redo()).toBe("c");
    expect(h.canRedo).toBe(false);
  });

  it("a new edit after an undo drops the redo stack; an unchanged text is not an edit", () => {
    const h = new TextHistory("a");
    h.push("b");
    h.undo();
    h.push("x");
    h.push("x");

    expect(h.canRedo).toBe(false);
    expect(h.undo()).toBe("a");
  });

  it("keeps at most the limit of past texts", () => {
    const h = new TextHistory("0", 3);
    for (let i = 1; i <= 5; i++) h.push(String(i));

    h.undo(); h.undo(); h.undo();

    expect(h.canUndo).toBe(false);
    expect(h.current).toBe("2");
  });
});
