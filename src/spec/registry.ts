import type { LegacyKind, OwnKind } from './kind';

/** Every own spec kind DataRoaster accepts. */
export const OWN_KINDS: readonly OwnKind<any>[] = [];

/** Every original DataRoaster input kind, each mapped onto an own kind. */
export const LEGACY_KINDS: readonly LegacyKind[] = [];
