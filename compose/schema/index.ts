/**
 * The compose schema folder's public face. Only types come from model.ts here:
 * loading TypeBox costs ~80 ms, so the schema value itself is imported from
 * './model.js' only by the build step and by tests.
 */
export { validateComposeDocument, validatorKind } from './validate.js';
export type { SchemaIssue, ValidatorKind } from './validate.js';
export { EXTENSION_KEY_PATTERN, RESOURCE_NAME_PATTERN } from './constants.js';
export type {
  ComposeFile,
  RawBuild,
  RawCommand,
  RawConfig,
  RawDependsOn,
  RawDeploy,
  RawDevelop,
  RawEnvFile,
  RawExtends,
  RawExtraHosts,
  RawGrantList,
  RawHealthcheck,
  RawInclude,
  RawListOrDict,
  RawModel,
  RawNetwork,
  RawPort,
  RawSecret,
  RawService,
  RawServiceNetwork,
  RawServiceVolume,
  RawUlimits,
  RawVolume,
} from './model.js';
