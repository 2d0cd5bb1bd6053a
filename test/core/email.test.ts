// The addresses an e-mail cell holds, as exports write them: one, several, with a name, or
// something that is no address at all.

import { describe, expect, test } from "vitest";
import { emailRecipients } from "../../src/core/email.js";

describe("emailRecipients", () => {
  test.each([
    ["compta@client.fr", ["compta@client.fr"], []],
    ["beta@cust.example; compta@cust.example", ["beta@cust.example", "compta@cust.example"], []],
    ["a@x.fr, b@x.fr,", ["a@x.fr", "b@x.fr"], []],
    ["Jean Dupont <jean@x.fr>", ["jean@x.fr"], []],
    ["Jean Dupont jean@x.fr", [], ["Jean Dupont jean@x.fr"]],
    // A header smuggled into the cell is no address, and neither is the one it names.
    ["victim@client.example\r\nBcc: attacker@evil.example", [], ["victim@client.example\r\nBcc: attacker@evil.example"]],
    ["Eve <eve@x.fr>, Bcc <bcc@evil.example> extra", ["eve@x.fr"], ["Bcc <bcc@evil.example> extra"]],
    ["a@x.fr b@x.fr", ["a@x.fr", "b@x.fr"], []],
    ["A@x.fr; a@X.fr", ["A@x.fr"], []],
    ["", [], []],
    ["  ", [], []],
    ["voir contrat", [], ["voir contrat"]],
    ["jean.dupont@", [], ["jean.dupont@"]],
    ["ok@x.fr; jean@localhost", ["ok@x.fr"], ["jean@localhost"]],
  ])("%j → %j, not addresses %j", (cell, valid, invalid) => {
    expect(emailRecipients(cell)).toEqual({ valid, invalid });
  });
});
