// npm run import -- <format> <inputs…> --provider <id> --family <id> [--prompt-mode canonical|custom] [--out runs/] [--register]
import { importCommand } from '../src/importers/import-command.ts';

// npm runs scripts from the package root; paths on the command line are relative to where it was typed.
process.exitCode = await importCommand(process.argv.slice(2), process.env['INIT_CWD'] ?? process.cwd());
