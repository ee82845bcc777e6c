/** The little of the outside world the pipeline's batch and render steps write to. */
export interface OutStream {
  write(chunk: string): unknown;
}

/** Where a batch writes: the report to stdout, progress to stderr, files relative to cwd. */
export interface BatchIo {
  stdout: OutStream;
  stderr: OutStream;
  cwd: string;
  now(): Date;
}
