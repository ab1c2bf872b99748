/**
 * How the CLI shows a failure: one line a person can act on, `gradcam: <message>`. The stack is
 * noise for users and only helps when debugging, so it appears with --verbose only.
 */
export function formatFailure(error: unknown, verbose: boolean): string {
  const message = error instanceof Error ? error.message : String(error);
  const oneLine = `gradcam: ${message.replace(/\s*\n\s*/g, ' ')}`;
  if (verbose && error instanceof Error && error.stack) return `${oneLine}\n${error.stack}`;
  return oneLine;
}

/**
 * Commander reports usage errors as `error: unknown option '--x'` with an optional
 * `\n(Did you mean --y?)`. Folded into the CLI's one-line form, with a pointer to the help of the
 * command that was being parsed.
 */
export function formatUsageError(commanderText: string, commandPath: string): string {
  const message = commanderText
    .trim()
    .replace(/^error:\s*/, '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\.$/, '');
  return `gradcam: ${message} (run '${commandPath} --help' for usage)`;
}
