// The renderer's visual system, enforced: colours, spacing, type sizes and radii come from the tokens in
// renderer/src/tokens.css, every colour token has a dark counterpart, and the focus ring is never taken away.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const srcDir = path.resolve(__dirname, '../../../renderer/src');
const TOKENS = 'tokens.css';
const stylesheets = fs.readdirSync(srcDir).filter((f) => f.endsWith('.css'));

interface Declaration {
  file: string;
  /** The selectors and at-rules the declaration sits in, outermost first. */
  within: string[];
  property: string;
  value: string;
}

/** Every declaration of a stylesheet with the blocks around it (comments dropped; enough CSS for our own files). */
function declarationsOf(file: string): Declaration[] {
  const css = fs.readFileSync(path.join(srcDir, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const out: Declaration[] = [];
  const stack: string[] = [];
  let text = '';
  const flush = () => {
    for (const part of text.split(';')) {
      const colon = part.indexOf(':');
      if (colon > 0 && stack.length > 0) out.push({ file, within: [...stack], property: part.slice(0, colon).trim(), value: part.slice(colon + 1).trim() });
    }
    text = '';
  };
  for (const ch of css) {
    if (ch === '{') {
      stack.push(text.trim());
      text = '';
    } else if (ch === '}') {
      flush();
      stack.pop();
    } else text += ch;
  }
  return out;
}

const all = stylesheets.flatMap(declarationsOf);
const isTokenDefinition = (d: Declaration) => d.file === TOKENS && d.property.startsWith('--');
const where = (d: Declaration) => `${d.file} ${d.within.join(' > ')} { ${d.property}: ${d.value} }`;
/** The value without its quoted strings (generated content, grid area names) and its var() references. */
const bare = (value: string) => value.replace(/"[^"]*"|'[^']*'/g, '').replace(/var\(--[\w-]+(?:,[^)]*)?\)/g, '');

// CSS's named colours (the keywords transparent and currentColor are allowed: they name no colour of their own).
const NAMED_COLOURS = new Set(
  `aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue blueviolet brown burlywood cadetblue
  chartreuse chocolate coral cornflowerblue cornsilk crimson cyan darkblue darkcyan darkgoldenrod darkgray darkgreen darkgrey
  darkkhaki darkmagenta darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen darkslateblue darkslategray
  darkslategrey darkturquoise darkviolet deeppink deepskyblue dimgray dimgrey dodgerblue firebrick floralwhite forestgreen
  fuchsia gainsboro ghostwhite gold goldenrod gray green greenyellow grey honeydew hotpink indianred indigo ivory khaki lavender
  lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan lightgoldenrodyellow lightgray lightgreen lightgrey
  lightpink lightsalmon lightseagreen lightskyblue lightslategray lightslategrey lightsteelblue lightyellow lime limegreen linen
  magenta maroon mediumaquamarine mediumblue mediumorchid mediumpurple mediumseagreen mediumslateblue mediumspringgreen
  mediumturquoise mediumvioletred midnightblue mintcream mistyrose moccasin navajowhite navy oldlace olive olivedrab orange
  orangered orchid palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru pink plum powderblue purple
  rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown seagreen seashell sienna silver skyblue slateblue slategray
  slategrey snow springgreen steelblue tan teal thistle tomato turquoise violet wheat white whitesmoke yellow yellowgreen
  canvas canvastext linktext buttonface buttontext field fieldtext highlight highlighttext graytext`.split(/\s+/),
);

/** The colour literals in a value: hex, colour functions, named colours. */
function colourLiterals(value: string): string[] {
  const v = bare(value);
  const hex = v.match(/#[0-9a-f]{3,8}\b/gi) ?? [];
  const functions = v.match(/\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch|color|color-mix|light-dark)\(/gi) ?? [];
  const named = (v.match(/[a-z]+/gi) ?? []).filter((w) => NAMED_COLOURS.has(w.toLowerCase()));
  return [...hex, ...functions, ...named];
}

const SPACING = /^(?:margin|padding)(?:-(?:block|inline|top|right|bottom|left)(?:-(?:start|end))?)?$|^(?:row-|column-)?gap$/;
/** A spacing value's parts other than space tokens: 0, auto, and a 1 px hairline are allowed. */
function rawSpacing(value: string): string[] {
  const rest = value.replace(/var\(--space-\d+\)/g, '').replace(/calc\(|\)|[*+/-]\s/g, ' ');
  return rest.split(/\s+/).filter((part) => part !== '' && !/^(?:0|auto|1px|\d+)$/.test(part));
}

describe('design tokens', () => {
  it('finds the stylesheets and the tokens', () => {
    expect(stylesheets).toContain(TOKENS);
    expect(stylesheets).toContain('styles.css');
    expect(all.filter(isTokenDefinition).length).toBeGreaterThan(50);
    expect(all.filter((d) => !isTokenDefinition(d)).length).toBeGreaterThan(500);
  });

  it('tokens are defined only in tokens.css, and every token the stylesheets use is defined there', () => {
    expect(all.filter((d) => d.property.startsWith('--') && d.file !== TOKENS).map(where)).toEqual([]);
    const defined = new Set(all.filter(isTokenDefinition).map((d) => d.property));
    const used = all.flatMap((d) => [...d.value.matchAll(/var\((--[\w-]+)/g)].map((m) => m[1]!));
    expect([...new Set(used.filter((name) => !defined.has(name)))]).toEqual([]);
  });

  it('no colour literal (hex, rgb()/hsl() and other colour functions, named colours like white) outside the token definitions', () => {
    const offenders = all.filter((d) => !isTokenDefinition(d) && colourLiterals(d.value).length > 0).map(where);
    expect(offenders).toEqual([]);
  });

  it('the check would catch them: a hex, rgb() and white are colour literals; transparent, currentColor, quoted glyphs are not', () => {
    expect(colourLiterals('1px solid #d9dfe5')).toEqual(['#d9dfe5']);
    expect(colourLiterals('0 2px 8px rgb(0 0 0 / 25%)')).toEqual(['rgb(']);
    expect(colourLiterals('white')).toEqual(['white']);
    expect(colourLiterals('transparent')).toEqual([]);
    expect(colourLiterals('4px solid var(--warn, currentColor)')).toEqual([]);
    expect(colourLiterals('"red" / ""')).toEqual([]);
  });

  it('margins, paddings and gaps use the space tokens (or 0, auto, a 1px hairline)', () => {
    const offenders = all
      .filter((d) => SPACING.test(d.property))
      .filter((d) => rawSpacing(d.value).length > 0)
      .map(where);
    expect(offenders).toEqual([]);
    expect(rawSpacing('0.5rem var(--space-2)')).toEqual(['0.5rem']);
    expect(rawSpacing('var(--space-6) var(--space-6) 0')).toEqual([]);
  });

  it('font sizes use the type tokens (or inherit)', () => {
    const offenders = all
      .filter((d) => d.property === 'font-size' && !isTokenDefinition(d))
      .filter((d) => !/^(?:var\(--text-[\w-]+\)|inherit)$/.test(d.value))
      .map(where);
    expect(offenders).toEqual([]);
  });

  it('corner radii use the radius tokens (or 0, or a 1px near-square)', () => {
    const offenders = all
      .filter((d) => d.property === 'border-radius')
      .filter((d) => !/^(?:var\(--radius-[\w-]+\)|0|1px)$/.test(d.value))
      .map(where);
    expect(offenders).toEqual([]);
  });

  it('every colour token of the light set has a dark override, and the dark set overrides nothing else', () => {
    const tokens = declarationsOf(TOKENS).filter((d) => d.property.startsWith('--'));
    const isDark = (d: Declaration) => d.within.some((w) => /prefers-color-scheme:\s*dark/.test(w));
    const lightColours = tokens.filter((d) => !isDark(d) && colourLiterals(d.value).length > 0).map((d) => d.property);
    const dark = tokens.filter(isDark).map((d) => d.property);
    expect(lightColours.length).toBeGreaterThan(20);
    expect(lightColours.filter((name) => !dark.includes(name))).toEqual([]);
    expect(dark.filter((name) => !lightColours.includes(name))).toEqual([]);
  });

  it('the page follows the system colour scheme: color-scheme: light dark on the root', () => {
    expect(all.some((d) => d.file === TOKENS && d.within.join() === ':root' && d.property === 'color-scheme' && d.value === 'light dark')).toBe(true);
  });

  it('generated glyphs (content: "✓") carry an empty alternative text, so assistive technology does not read them', () => {
    const glyphs = all.filter((d) => d.property === 'content');
    expect(glyphs.length).toBeGreaterThan(5);
    expect(glyphs.filter((d) => !/^"[^"]+"\s*\/\s*""$/.test(d.value)).map(where)).toEqual([]);
  });

  it('the focus ring is never removed, and :focus-visible draws one at least 2px wide', () => {
    const removed = all.filter((d) => /^outline(?:-style|-width)?$/.test(d.property) && /^(?:none|0)(?:\s|$)/.test(d.value)).map(where);
    expect(removed).toEqual([]);
    const ring = all.find((d) => d.within.at(-1) === ':focus-visible' && d.property === 'outline');
    const width = /^(\d+)px solid var\(--focus\)$/.exec(ring?.value ?? '');
    expect(Number(width?.[1])).toBeGreaterThanOrEqual(2);
  });
});
