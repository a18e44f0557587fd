// `exit-lens check`: owned by the rules work (issue 3). Placeholder until it lands.
export async function runCheck(_argv: string[]): Promise<number> {
  throw new Error('check is not implemented yet');
}
