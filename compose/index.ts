/** The compose front end: the only module other folders import. */
export { loadProject, nodeFs, type LoadOptions, type LoadResult } from './loader.js';
export { ComposeError, formatIssue, type ComposeIssue, type ComposeIssueCode, type SourcePos } from './issues.js';
export { renderModel, serviceImages, type OutputFormat, type RenderOptions } from './output.js';
export type * from './spec.js';
