import { describe, expect, it } from "vitest";
import { ansiSpans } from "./ansi";

describe("ansiSpans", () => {
  it("plain text is one span without colour", () => {
    expect(ansiSpans("hello")).toEqual([{ text: "hello" }]);
  });

  it("colour codes become coloured spans and the codes themselves disappear", () => {
    const spans = ansiSpans("ok \u001b[31mfailed\u001b[0m \u001b[1;32mbold green\u001b[0m");

    expect(spans.map((s) => s.text).join("")).toBe("ok failed bold green");
    expect(spans.find((s) => s.text === "failed")?.fg).toMatch(/^rgb\(/);
    expect(spans.find((s) => s.text === "bold green")).toMatchObject({ bold: true });
  });

  it("markup in a log line stays text", () => {
    expect(ansiSpans("<script>x</script>")).toEqual([{ text: "<script>x</script>" }]);
  });
});
