import { describe, expect, it } from "vitest";
import { masked, maskKeys } from "./mask";

describe("maskKeys", () => {
  it("masks the secret keys that have a value and leaves the rest and the original alone", () => {
    const values = { password: "hunter2", user: "admin", token: null };

    expect(maskKeys(values, ["password", "token", "absent"])).toEqual({ password: masked, user: "admin", token: null });
    expect(values.password).toBe("hunter2");
  });
});
