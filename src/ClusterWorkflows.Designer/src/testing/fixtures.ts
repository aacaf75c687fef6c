import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../../", import.meta.url));

/** A file of the repository (the real runbooks are the test data of the round trips). */
export function repoFile(path: string): string {
  return readFileSync(root + path, "utf8");
}
