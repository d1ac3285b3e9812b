/** The engine's clock is the common one (`common/clock.ts`). */
export { systemClock, type Clock } from '../../common/clock.js';
