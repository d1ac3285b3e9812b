import { MemoryStore } from '../../manager/store/memory-store.js';
import { config, storeContract } from './store-contract.js';

const HISTORY = 1000;

storeContract('MemoryStore', async () => {
  const store = new MemoryStore(undefined, HISTORY);
  return {
    store,
    cleanup: () => store.close(),
    // The memory store forgets its oldest events beyond its history limit.
    compact: async () => {
      for (let i = 0; i < HISTORY; i++) await store.commit([{ op: 'create', kind: 'config', object: config(`filler-${i}`) }]);
    },
  };
});
