// Where the SMTP settings come from: the environment over dunning.yaml, an empty variable (a line
// `DUNNING_SMTP_PASSWORD=` in an env file) as unset, credentials inside DUNNING_SMTP_URL.

import { describe, expect, it } from "vitest";
import { resolveSending } from "../../src/io/smtp-settings.js";

describe("resolveSending", () => {
  it("an empty variable counts as unset, the password's too: the URL's credentials and the file's values stand", () => {
    const env = { DUNNING_SMTP_URL: "smtp://u:secret@127.0.0.1:2526", DUNNING_SMTP_USER: "", DUNNING_SMTP_PASSWORD: "", DUNNING_SMTP_FROM: " " };
    const s = resolveSending({ smtp: { from: "Compta <compta@example.fr>" } }, env, true);
    expect(s.problems).toEqual([]);
    expect(s.smtp).toMatchObject({ url: "smtp://127.0.0.1:2526", user: "u", password: "secret", from: "Compta <compta@example.fr>" });
  });

  it("a variable set wins over the URL's credentials and the file", () => {
    const env = { DUNNING_SMTP_URL: "smtp://u:secret@127.0.0.1:2526", DUNNING_SMTP_USER: "v", DUNNING_SMTP_PASSWORD: " other ", DUNNING_SMTP_FROM: "A <a@b.example>" };
    const s = resolveSending({ smtp: { url: "smtp://file.example:25", from: "Compta <compta@example.fr>" } }, env, true);
    expect(s.smtp).toMatchObject({ url: "smtp://127.0.0.1:2526", user: "v", password: " other ", from: "A <a@b.example>" });
  });
});
