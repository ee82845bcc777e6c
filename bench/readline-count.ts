/**
 * The reference of the log-analysis benchmark: Node's own readline counting the lines of a file
 * (`node dist/bench/readline-count.js FILE`), the cheapest way Node reads a text file line by line.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const rl = createInterface({ input: createReadStream(process.argv[2] as string), crlfDelay: Infinity });
let lines = 0;
rl.on('line', () => {
  lines += 1;
});
rl.on('close', () => process.stdout.write(`${lines}\n`));
