/**
 * The editor's features beyond linting, gathered so the editor loads them as
 * one bundle (dist/editorFeatures.js) on first use: activation loads only
 * what linting needs. Each is a pure function of the one analysis per
 * document version (analysis.ts); the CLI imports the same functions directly.
 */
export { completeAt } from './completion';
export { fixAll, fixAllOfKind, fixesFor } from './fixes';
export { formatEdits } from './format';
export { hoverAt } from './hover';
export { songSymbols } from './symbols';
