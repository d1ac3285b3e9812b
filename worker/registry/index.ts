/**
 * The registry client of the local engine: the only file other folders import.
 */
export { pull, parsePlatform, selectPlatform, MANIFEST_ACCEPT } from './pull.js';
export type { PullOptions, PullResult, PullProgress, LayerStatus, RegistryOptions } from './pull.js';
export { checkLogin, login, logout, normaliseRegistry } from './login.js';
export { credentialsIn, readCredentials, storeCredentials, removeCredentials, defaultConfigPath, credentialsKey } from './credentials.js';
export type { Credentials } from './credentials.js';
export { parseChallenges } from './client.js';
export { isLoopback, allowsPlainHttp } from './transport.js';
