/** Help of --compare, shared by the commands that write a report page. */
export const COMPARE_HELP =
  "also compute these methods' maps for the report page, to compare them side by side (comma list)";

/** The methods to compare with the main one, without it. */
export function otherMethods(main: string, compare: readonly string[] | undefined): string[] {
  return (compare ?? []).filter((m) => m !== main);
}
