// Money as integer minor units of one currency: parsing export amounts (decimal comma or point,
// thousands spaces, signs in every accounting style) and printing decimal strings. Pure.

/** ISO 4217 exponents that differ from 2. Everything else has two decimals. */
const EXPONENTS: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0,
  UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
};

/** Number of decimals of a currency's minor unit (JPY 0, EUR 2, KWD 3). */
export function currencyExponent(currency: string): number {
  return EXPONENTS[currency] ?? 2;
}

/** A currency code as exports write it (`eur`, ` EUR `, `€`) → ISO 4217, or undefined. */
export function normalizeCurrency(text: string): string | undefined {
  const t = text.trim().toUpperCase();
  const bySymbol: Record<string, string> = { "€": "EUR", $: "USD", "£": "GBP", "¥": "JPY", "CHF": "CHF" };
  const code = bySymbol[t] ?? t;
  return /^[A-Z]{3}$/.test(code) ? code : undefined;
}

export type DecimalMark = "." | ",";

/** An amount split into its sign and digit groups, before the decimal mark is known. */
interface AmountShape {
  readonly negative: boolean;
  /** Digits and the separators `.` and `,` only. */
  readonly body: string;
}

// Spaces exports use as thousands separators: space, NBSP, narrow NBSP, thin space, apostrophe.
const GROUPING = /[\s\u00a0\u202f\u2009']/g;
const INNER_GROUPING = /\d[\s\u00a0\u202f\u2009']+\d/;
// The digits before the decimal part in groups of three after the first, one separator between;
// or in India's lakh and crore groups (1 23 456,00).
const GROUPS_OF_THREE = /^(?:\d{1,3}(?:[\s\u00a0\u202f\u2009']\d{3})*|\d{1,2}(?:[\s\u00a0\u202f\u2009']\d{2})*[\s\u00a0\u202f\u2009']\d{3})(?:[.,]\d*)?$/;
// Signs, brackets and Excel's text apostrophe around the number.
const SIGNS = /^['(+\-\u2212\s]+|[)\-\s]+$/g;
const CURRENCY_MARKS = /(?:\b(?:US|CA|C|AU|A|NZ|HK|S))?\$|[€£¥]|\b(?:EUR|USD|GBP|CHF|JPY|CAD|AUD)\b/gi;

/** The currency a mark names: `US$` USD, `€` EUR, `¥` yen or yuan, a code itself. */
const MARKED: Readonly<Record<string, readonly string[]>> = {
  "€": ["EUR"], "£": ["GBP"], "¥": ["JPY", "CNY"],
  US$: ["USD"], C$: ["CAD"], CA$: ["CAD"], A$: ["AUD"], AU$: ["AUD"], NZ$: ["NZD"], HK$: ["HKD"], S$: ["SGD"],
};
/** A bare `$` is written for dollars and pesos alike: it only contradicts currencies with a sign of their own. */
const NOT_DOLLARS = new Set(["EUR", "GBP", "JPY", "CNY", "CHF"]);

/**
 * The currency an amount's own mark names when it is not `currency` (`$4,250.00` read as EUR:
 * "dollars"), else undefined — also for the many values without a mark, told by a character loop
 * before any expression runs.
 */
export function markedOtherThan(raw: string, currency: string): string | undefined {
  let letters = false;
  for (let i = 0; i < raw.length && !letters; i++) {
    const c = raw.charCodeAt(i);
    letters = !((c >= 48 && c <= 57) || c === 44 || c === 46 || c === 45 || c === 32 || c === 0xa0 || c === 0x202f || c === 40 || c === 41);
  }
  if (!letters) return undefined;
  const mark = raw.match(CURRENCY_MARKS)?.[0]?.toUpperCase();
  if (mark === undefined) return undefined;
  if (mark === "$") return NOT_DOLLARS.has(currency) ? "dollars" : undefined;
  const named = MARKED[mark] ?? [mark];
  return named.includes(currency) ? undefined : named.join(" or ");
}

/**
 * The usual writing (`1234.56`, `-12,00`: digits and `.` `,` after an optional minus) read
 * without regular expressions; null when the value needs the general rules below.
 */
function plainShape(raw: string): AmountShape | undefined | null {
  const start = raw.charCodeAt(0) === 45 ? 1 : 0;
  let digit = false;
  for (let i = start; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 48 && c <= 57) digit = true;
    else if (c !== 46 && c !== 44) return null;
  }
  // `^[0-9]*[.,]?[0-9.,]*$` holds for any such body; a digit is still required.
  if (!digit) return undefined;
  return { negative: start === 1, body: start === 1 ? raw.slice(1) : raw };
}

function shapeOf(raw: string): AmountShape | undefined {
  const plain = plainShape(raw);
  if (plain !== null) return plain;
  const marked = raw.replace(CURRENCY_MARKS, "").trim();
  // Spaces or apostrophes between digits group thousands: `12 34,00` is no amount.
  if (INNER_GROUPING.test(marked) && !GROUPS_OF_THREE.test(marked.replace(SIGNS, ""))) return undefined;
  let s = marked.replace(GROUPING, "");
  let negative = false;
  if (s.startsWith("(") && s.endsWith(")")) {
    negative = true;
    s = s.slice(1, -1);
  }
  if (s.startsWith("-") || s.startsWith("\u2212")) {
    negative = !negative;
    s = s.slice(1);
  } else if (s.startsWith("+")) {
    s = s.slice(1);
  } else if (s.endsWith("-")) {
    negative = !negative;
    s = s.slice(0, -1);
  }
  if (!/^[0-9]*[.,]?[0-9.,]*$/.test(s) || !/[0-9]/.test(s)) return undefined;
  return { negative, body: s };
}

/**
 * What one value says about the decimal mark: the mark it proves, or undefined when it proves
 * nothing (`1234`, `1,234`, `1.234`: three digits after a lone separator read both ways).
 */
export function decimalMarkEvidence(raw: string): DecimalMark | undefined {
  const shape = shapeOf(raw);
  if (!shape) return undefined;
  const { body } = shape;
  const lastDot = body.lastIndexOf(".");
  const lastComma = body.lastIndexOf(",");
  if (lastDot >= 0 && lastComma >= 0) return lastDot > lastComma ? "." : ",";
  const mark = lastDot >= 0 ? "." : lastComma >= 0 ? "," : undefined;
  if (!mark) return undefined;
  if (body.indexOf(mark) !== body.lastIndexOf(mark)) return mark === "." ? "," : ".";
  return body.length - body.indexOf(mark) - 1 === 3 ? undefined : mark;
}

/**
 * Decides the decimal mark of a column from all its values. Values that prove a mark vote; when
 * none does, a lone separator followed by three digits must be a thousands separator (no
 * two-decimal currency writes `1.234` for one euro and a quarter cent).
 * Returns the mark and the indexes of values that contradict it.
 */
export function decideDecimalMark(values: readonly string[]): { mark: DecimalMark; conflicts: number[] } {
  let dots = 0;
  let commas = 0;
  const evidence: (DecimalMark | undefined)[] = values.map((v) => {
    const e = decimalMarkEvidence(v);
    if (e === ".") dots++;
    else if (e === ",") commas++;
    return e;
  });
  let mark: DecimalMark;
  if (dots === 0 && commas === 0) {
    // Judge the digits only: `(1.234)`, `1.234-` and `1.234 EUR` are thousands dots too.
    const dotThousands = values.some((v) => /^\d+\.\d{3}$/.test(shapeOf(v)?.body ?? ""));
    mark = dotThousands ? "," : ".";
  } else {
    mark = commas > dots ? "," : ".";
  }
  const conflicts: number[] = [];
  evidence.forEach((e, i) => {
    if (e !== undefined && e !== mark) conflicts.push(i);
  });
  return { mark, conflicts };
}

export type AmountParse =
  | { readonly ok: true; readonly minor: number }
  | { readonly ok: false; readonly reason: "not_a_number" | "too_many_decimals" | "too_large" };

/** What is wrong with an amount parseAmount refused, for a message: `amount "12,345" …`. */
export function amountFailure(what: string, raw: string, reason: Exclude<AmountParse, { ok: true }>["reason"], currency: string): string {
  if (reason === "too_many_decimals") return `${what} "${raw}" has more decimals than ${currency} allows (${currencyExponent(currency)})`;
  return reason === "too_large" ? `${what} "${raw}" is too large` : `${what} "${raw}" is not a number`;
}

/** A value whose decimal mark contradicts the one its column is read with. */
export function markConflict(what: string, raw: string, mark: DecimalMark, against = `the rest of the column uses "${mark}"`): string {
  return `${what} "${raw}" uses "${mark === "," ? "." : ","}" as decimal mark but ${against}`;
}

/**
 * Parses an amount as written in an export into integer minor units, given the column's decimal
 * mark and the currency's exponent. Never goes through a float.
 */
export function parseAmount(raw: string, mark: DecimalMark, exponent: number): AmountParse {
  const shape = shapeOf(raw);
  if (!shape) return { ok: false, reason: "not_a_number" };
  // Zero-padded amounts (Odoo's FEC writes 000000000001437,12): padding is not size.
  const body = shape.body.charCodeAt(0) === 48 && /^0\d/.test(shape.body) ? shape.body.replace(/^0+(?=\d)/, "") : shape.body;
  const quick = plainMinor(body, mark === "." ? 46 : 44, exponent);
  if (quick >= 0) return { ok: true, minor: shape.negative && quick !== 0 ? -quick : quick };
  const thousands = mark === "." ? "," : ".";
  const cut = body.lastIndexOf(mark);
  let intPart = cut >= 0 ? body.slice(0, cut) : body;
  let frac = cut >= 0 ? body.slice(cut + 1) : "";
  if (intPart.includes(mark) || frac.includes(thousands) || frac.includes(mark)) {
    return { ok: false, reason: "not_a_number" };
  }
  if (intPart.includes(thousands)) {
    const groups = intPart.split(thousands);
    if (groups.slice(1).some((g) => g.length !== 3) || groups[0] === "") return { ok: false, reason: "not_a_number" };
    intPart = groups.join("");
  }
  if (frac.length > exponent) {
    if (!/^0*$/.test(frac.slice(exponent))) return { ok: false, reason: "too_many_decimals" };
    frac = frac.slice(0, exponent);
  }
  const digits = (intPart || "0") + frac.padEnd(exponent, "0");
  if (digits.length > 15) return { ok: false, reason: "too_large" };
  const minor = Number(digits);
  return { ok: true, minor: shape.negative && minor !== 0 ? -minor : minor };
}

/**
 * Minor units of a body of digits with at most one decimal mark (character code `mark`) and at
 * most `exponent` decimals, as the general rules below would give them; −1 for anything else
 * (thousands separators, extra decimals, more than 15 digits), which the general rules read.
 */
function plainMinor(body: string, mark: number, exponent: number): number {
  let value = 0;
  let i = 0;
  const n = body.length;
  for (; i < n; i++) {
    const c = body.charCodeAt(i);
    if (c < 48 || c > 57) break;
    value = value * 10 + (c - 48);
  }
  // The general rules write max(integer digits, 1) + exponent digits and refuse more than 15.
  if (Math.max(i, 1) + exponent > 15) return -1;
  let decimals = 0;
  if (i < n) {
    if (body.charCodeAt(i) !== mark) return -1;
    for (i++; i < n; i++) {
      const c = body.charCodeAt(i);
      if (c < 48 || c > 57 || decimals === exponent) return -1;
      value = value * 10 + (c - 48);
      decimals++;
    }
  }
  for (; decimals < exponent; decimals++) value *= 10;
  return value;
}

/**
 * An amount in minor units as V8 keeps it inline: a 32-bit integer. A -0 (0 with a credit
 * note's sign) or a value read from a Float64Array is a boxed double, and one such value in a
 * field boxes that field in every record of the same shape (+16 bytes each, 3 per row pair).
 */
export function compactMinor(minor: number): number {
  return (minor | 0) === minor ? minor | 0 : minor;
}

/** Minor units → decimal string in major units (`123456` EUR → `"1234.56"`), never a float. */
export function formatMinor(minor: number, currency: string): string {
  const exponent = currencyExponent(currency);
  const sign = minor < 0 ? "-" : "";
  const digits = String(Math.abs(minor)).padStart(exponent + 1, "0");
  if (exponent === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/** `1234.56 EUR`: an amount with its currency, as messages and evidence write it. */
export function formatMoney(minor: number, currency: string): string {
  return `${formatMinor(minor, currency)} ${currency}`;
}

/** A decimal string in major units typed by a user (`--min-overdue 100`) → minor units. */
export function parseMajor(text: string, currency: string): number | undefined {
  const r = parseAmount(text, ".", currencyExponent(currency));
  return r.ok ? r.minor : undefined;
}
