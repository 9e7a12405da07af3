import type { Command } from 'commander';
import { InvalidArgumentError } from '../../errors/index.ts';
import { AccountStore } from '../../server/auth/account-store.ts';
import { roles } from '../../server/auth/roles.ts';
import { openStore, resolveDatabasePath } from '../../store/database.ts';
import type { CliContext, RegisterCommand } from '../command.ts';

interface AddFlags {
  db?: string;
  role: string;
  department?: string;
  passwordStdin?: boolean;
}

/** Reads a password: from all of stdin, or typed at a prompt. */
export type PasswordReader = (options: { fromStdin: boolean; prompt: string }) => Promise<string>;

/** Builds `hotline users` on a password reader, so tests can supply one. */
export function createUsersCommand(
  readPassword: PasswordReader = readPasswordFromProcess,
): RegisterCommand {
  return (program: Command, context: CliContext) => {
    const users = program
      .command('users')
      .description('Manage the accounts of hotline serve.');
    users
      .command('add')
      .description('Add a user; the password is prompted for without echo.')
      .argument('<username>', 'login name')
      .requiredOption('--role <role>', `one of: ${roles.join(', ')}`)
      .option('--department <name>', 'department of a department account')
      .option('--password-stdin', 'read the password from standard input')
      .option('--db <path>', 'SQLite database (default: $HOTLINE_DB or ./hotline.db)')
      .action(async (username: string, flags: AddFlags) => {
        const password = await readPassword({
          fromStdin: flags.passwordStdin === true,
          prompt: `Password for ${username}: `,
        });
        const store = await openStore(resolveDatabasePath(flags.db, context.env));
        try {
          const user = await new AccountStore(store).createUser({
            username,
            password,
            role: flags.role,
            department: flags.department,
          });
          context.stdout.write(
            `Added ${user.username} (${user.role}` +
              `${user.department === null ? '' : `, ${user.department}`}).\n`,
          );
        } finally {
          await store.close();
        }
      });
    users
      .command('list')
      .description('List users with their roles.')
      .option('--db <path>', 'SQLite database (default: $HOTLINE_DB or ./hotline.db)')
      .option('--json', 'print one JSON object per user, one per line')
      .action(async (flags: { db?: string; json?: boolean }) => {
        const store = await openStore(resolveDatabasePath(flags.db, context.env));
        try {
          const list = await new AccountStore(store).listUsers();
          if (flags.json === true) {
            for (const user of list) context.stdout.write(`${JSON.stringify(user)}\n`);
            return;
          }
          for (const user of list) {
            context.stdout.write(
              `${user.username}\t${user.role}\t${user.department ?? '-'}\t${user.createdAt}\n`,
            );
          }
          if (list.length === 0) context.stdout.write('No users.\n');
        } finally {
          await store.close();
        }
      });
  };
}

/** Registers `hotline users add|list`. */
export const registerUsers: RegisterCommand = createUsersCommand();

async function readPasswordFromProcess(options: {
  fromStdin: boolean;
  prompt: string;
}): Promise<string> {
  const stdin = process.stdin;
  if (options.fromStdin || !stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  }
  process.stderr.write(options.prompt);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  try {
    return await new Promise<string>((resolve, reject) => {
      let typed = '';
      const onData = (text: string) => {
        for (const character of text) {
          if (character === '\r' || character === '\n') {
            stdin.off('data', onData);
            process.stderr.write('\n');
            resolve(typed);
            return;
          }
          if (character === '\u0003') {
            stdin.off('data', onData);
            reject(
              new InvalidArgumentError({
                parameter: 'password',
                value: 'interrupted',
                message: 'password entry was interrupted; no user was added.',
              }),
            );
            return;
          }
          if (character === '\u007f' || character === '\b') {
            typed = typed.slice(0, -1);
          } else {
            typed += character;
          }
        }
      };
      stdin.on('data', onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
  }
}
