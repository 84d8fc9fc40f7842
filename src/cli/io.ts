/** Where the CLI writes: injected so the commands stay testable and quiet by default. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}
