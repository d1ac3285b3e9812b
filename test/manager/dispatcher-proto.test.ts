// dispatcher.proto's run-time service definition: the codec check every
// service passes (test/helpers/proto-codec.ts; the committed generated files
// are checked for all .proto files by test/daemon/proto.test.ts), and what
// the worker sessions rely on.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DISPATCHER_PROTO, DISPATCHER_SERVICE } from '../../proto/loader-options.js';
import { checkServiceDefinition } from '../helpers/proto-codec.js';

describe('dispatcher.proto: the run-time service definition', () => {
  const built = checkServiceDefinition(DISPATCHER_PROTO, DISPATCHER_SERVICE);

  it('has the six rpcs, streaming where the sessions need it', () => {
    assert.deepEqual(Object.keys(built).sort(), ['Assignments', 'Heartbeat', 'Logs', 'PublishLogs', 'Session', 'UpdateTaskStatus']);
    assert.equal(built['Session']?.responseStream, true);
    assert.equal(built['Assignments']?.responseStream, true);
    assert.equal(built['Logs']?.responseStream, true);
    assert.equal(built['PublishLogs']?.requestStream, true);
    assert.equal(built['PublishLogs']?.responseStream, false);
  });

  it('an empty assignments message decodes with its defaults', () => {
    const a = built['Assignments'];
    assert.ok(a !== undefined);
    assert.deepStrictEqual(a.responseDeserialize(Buffer.alloc(0)), {
      type: '', applies: [], removes: [], secrets: [], configs: [], removes_files: [], sequence: 0,
    });
  });
});
