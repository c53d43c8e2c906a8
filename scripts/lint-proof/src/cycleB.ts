import { a } from './cycleA.js';

export const b = (): number => (Math.random() > 2 ? a() : 0);
