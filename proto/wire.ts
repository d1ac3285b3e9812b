/**
 * Constants of the APIs that both ends must agree on (no logic).
 */

/** Trailing metadata key carrying the OrcError code of a failed call. */
export const ERROR_CODE_KEY = 'orc-error-code';

/** The engine API's version, reported by Version. */
export const ENGINE_API_VERSION = '1';

/** Where the daemon listens and keeps its state unless told otherwise. */
export const DEFAULT_SOCKET = '/run/orc/orc.sock';
export const DEFAULT_DATA_ROOT = '/var/lib/orc';

/** Trailing metadata of a manager's UNAVAILABLE answer when it does not lead: the leader's host:port. */
export const LEADER_METADATA_KEY = 'orc-leader';
