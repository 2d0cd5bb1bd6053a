// The part of fontkit (pdfkit's own font engine) that io/pdf-fonts.ts uses: it ships no types.
declare module "fontkit" {
  export interface Font {
    hasGlyphForCodePoint(codePoint: number): boolean;
  }
  export function openSync(path: string): Font;
}
