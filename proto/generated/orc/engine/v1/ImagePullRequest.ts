// Original file: proto/engine.proto

import type { RegistryAuth as _orc_engine_v1_RegistryAuth, RegistryAuth__Output as _orc_engine_v1_RegistryAuth__Output } from '../../../orc/engine/v1/RegistryAuth.js';

export interface ImagePullRequest {
  'reference'?: (string);
  'platform'?: (string);
  'auth'?: (_orc_engine_v1_RegistryAuth | null);
}

export interface ImagePullRequest__Output {
  'reference': (string);
  'platform': (string);
  'auth': (_orc_engine_v1_RegistryAuth__Output | null);
}
