/** The reconcile loop the leader's components share: the only file other folders import. */
export { LoopComponent, runLoop, Ticker, tracer, type LoopHooks } from './loop.js';
