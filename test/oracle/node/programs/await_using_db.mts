// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// `await using` for a database connection and an AsyncDisposableStack for temp tables.
class Connection implements AsyncDisposable {
  async query(sql: string): Promise<number> {
    return sql.length;
  }
  async [Symbol.asyncDispose](): Promise<void> {
    console.log('connection closed');
  }
}

async function importUsers(): Promise<number> {
  await using conn = new Connection();
  await using tmp = new AsyncDisposableStack();
  tmp.defer(async () => {
    console.log('drop temp table');
  });
  return conn.query('insert into users select * from staging');
}

const inserted = await importUsers();
await using session = new Connection();
process.on('exit', () => console.log(`imported ${inserted}`));
