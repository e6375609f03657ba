import Table from 'cli-table3';

/** Prints a plain table on stdout (no colours when stdout is not a terminal). */
export function printTable(head: string[], rows: (string | number)[][]): void {
  const table = new Table({
    head,
    style: { head: process.stdout.isTTY ? ['cyan'] : [], border: process.stdout.isTTY ? ['grey'] : [] },
  });
  for (const row of rows) table.push(row.map(String));
  process.stdout.write(`${table.toString()}\n`);
}
