// Original file: proto/engine.proto

import type { IpamConfig as _orc_engine_v1_IpamConfig, IpamConfig__Output as _orc_engine_v1_IpamConfig__Output } from '../../../orc/engine/v1/IpamConfig.js';

export interface NetworkCreateRequest {
  'name'?: (string);
  'driver'?: (string);
  'internal'?: (boolean);
  'attachable'?: (boolean);
  'labels'?: ({[key: string]: string});
  'options'?: ({[key: string]: string});
  'ipam_config'?: (_orc_engine_v1_IpamConfig)[];
}

export interface NetworkCreateRequest__Output {
  'name': (string);
  'driver': (string);
  'internal': (boolean);
  'attachable': (boolean);
  'labels': ({[key: string]: string});
  'options': ({[key: string]: string});
  'ipam_config': (_orc_engine_v1_IpamConfig__Output)[];
}
