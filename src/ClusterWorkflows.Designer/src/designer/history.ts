/**
 * Undo/redo over whole runbook texts: every edit (form, graph or YAML) produces a new text, so one
 * stack covers them all and an undo is exactly the text before.
 */
export class TextHistory {
  private past: string[] = [];
  private future: string[] = [];

  constructor(private present: string, private readonly limit = 200) {}

  get current(): string {
    return this.present;
  }

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }

  push(text: string): void {
    if (text === this.present) return;
    this.past.push(this.present);
    if (this.past.length > this.limit) this.past.shift();
    this.present = text;
    this.future = [];
  }

  undo(): string {
    const previous = this.past.pop();
    if (previous !== undefined) {
      this.future.push(this.present);
      this.present = previous;
    }

    return this.present;
  }

  redo(): string {
    const next = this.future.pop();
    if (next !== undefined) {
      this.past.push(this.present);
      this.present = next;
    }

    return this.present;
  }
}
