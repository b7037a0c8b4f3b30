// The one wrapper of every entry point run by node (the CLI, the scripts, the testbed harnesses, the benches):
// what `main` returns is the exit code, and an error is one line on stderr (its message, never a stack or a
// request config) with exit 1. cdktf's app (main.ts) is not one: cdktf runs it, and it prints its own errors.

/** Runs `main` on the command line's arguments when `entry` is the module node was started with. */
export function runMain(entry: NodeJS.Module, main: (argv: string[]) => number | void | Promise<number | void>): void {
  if (require.main !== entry) return;
  Promise.resolve()
    .then(() => main(process.argv.slice(2)))
    .then(
      (code) => {
        if (typeof code === 'number') process.exitCode = code;
      },
      (error: unknown) => {
        console.error(error instanceof Error ? error.message : String(error));
        process.exitCode = 1;
      },
    );
}
