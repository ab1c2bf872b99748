/**
 * Something a test needs that is not in the repository (fixtures beside the checkout, a system
 * package, a build output). Every test package imports this one file (by relative path, as the
 * viewer imports render's Chromium helper).
 */
export interface RequiredResource {
  /** What it is, as the failure message names it: "the torchvision fixtures (/path)". */
  name: string;
  present: boolean;
  /** What makes it present: a command, or where to put it. */
  howToGet: string;
}

type Env = Record<string, string | undefined>;

/** CI=1, CI=true, ...: set and not one of the spellings of "no". */
export function ciIsSet(env: Env = process.env): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

/**
 * Whether the tests needing `resource` skip: locally a missing resource skips them (the test
 * names say why, see skipNote), but under CI a skip would hide exactly what CI is for, so the
 * file fails with a message naming the resource and how to get it.
 */
export function skipWithout(resource: RequiredResource, env: Env = process.env): boolean {
  if (resource.present) return false;
  if (ciIsSet(env)) {
    throw new Error(
      `${resource.name} is missing, and CI is set: the tests that need it must run in CI, not skip. ${resource.howToGet}`,
    );
  }
  return true;
}

/** Appended to a test or suite name: empty when present, else why it skips. */
export function skipNote(resource: RequiredResource): string {
  return resource.present ? '' : ` (skipped: ${resource.name} is missing; ${resource.howToGet})`;
}
