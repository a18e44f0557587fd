// Language server: owned by the editor work (issue 4). Placeholder until it lands.
export function startServer(_argv: string[]): void {
  throw new Error('the language server is not implemented yet');
}
