import { describe, expect, it } from "vitest";
import { SseParser } from "./sseParser";

describe("SseParser", () => {
  it("events split across chunks come out whole, with their id and type", () => {
    const parser = new SseParser();

    const first = parser.push("id: 5-0\nevent: step\ndata: {\"path\":");
    const second = parser.push("\"a\"}\n\n: keep-alive\n\nid: 6-1\nevent: log\ndata: x\n\n");

    expect(first).toEqual([]);
    expect(second).toEqual([{ id: "5-0", event: "step", data: "{\"path\":\"a\"}" }, { id: "6-1", event: "log", data: "x" }]);
  });

  it("multi-line data joins with newlines; CRLF line ends work; the last id carries over", () => {
    const parser = new SseParser();

    expect(parser.push("id: 1\r\ndata: a\r\ndata: b\r\n\r\ndata: c\n\n")).toEqual([
      { id: "1", event: "message", data: "a\nb" },
      { id: "1", event: "message", data: "c" },
    ]);
  });
});
