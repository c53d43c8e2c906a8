// import-x/no-cycle: cycleA → cycleB → cycleA, through `.js` specifiers.
import { b } from './cycleB.js';

export const a = (): number => b() + 1;
