/**
 * The library's diagnosis entry point, at the path embedders and the end-to-end harness import it
 * from; the implementation is the pipeline's diagnose step (src/pipeline/diagnose.ts).
 */
export { diagnose, type DiagnoseOptions } from './pipeline/diagnose.js';
