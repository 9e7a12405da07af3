import type { RegisterCommand } from '../command.ts';
import { registerKb } from './kb.ts';
import { registerAsk } from './ask.ts';

/**
 * Every subcommand. A module adds its `register` function here with one
 * import and one list entry.
 */
export const commands: RegisterCommand[] = [registerKb, registerAsk];
