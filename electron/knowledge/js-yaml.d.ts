/** The part of js-yaml (4.x) the knowledge base uses: its package ships no type declarations. */
declare module 'js-yaml' {
  export const JSON_SCHEMA: object;
  export function load(text: string, options?: { schema?: object; filename?: string }): unknown;
}
