// The fleet's clock: simulated time that runs at a speed factor from a settable start,
// so a demo can live through a school week in minutes and a test can freeze time (speed 0).
import type { Clock } from '../shared/clock.ts';

export interface SimClockOptions {
  /** Simulated time at creation (ms or Date). Default: the real time now. */
  start?: number | Date;
  /** Simulated milliseconds per real millisecond. 0 freezes time. Default 1. */
  speed?: number;
  /** The real clock underneath (tests may replace it). */
  real?: Clock;
}

export class SimClock implements Clock {
  private anchorSim: number;
  private anchorReal: number;
  private factor: number;
  private readonly real: Clock;

  constructor(options: SimClockOptions = {}) {
    this.real = options.real ?? { now: () => Date.now() };
    this.anchorReal = this.real.now();
    const start = options.start ?? this.anchorReal;
    this.anchorSim = typeof start === 'number' ? start : start.getTime();
    this.factor = checkSpeed(options.speed ?? 1);
  }

  now(): number {
    return Math.floor(this.anchorSim + (this.real.now() - this.anchorReal) * this.factor);
  }

  get speed(): number {
    return this.factor;
  }

  /** Jump to a simulated time; the speed carries on from there. */
  set(t: number | Date): void {
    this.anchorReal = this.real.now();
    this.anchorSim = typeof t === 'number' ? t : t.getTime();
  }

  advance(ms: number): void {
    this.set(this.now() + ms);
  }

  setSpeed(speed: number): void {
    // Re-anchor first so the change does not make time jump.
    this.set(this.now());
    this.factor = checkSpeed(speed);
  }
}

function checkSpeed(speed: number): number {
  if (!Number.isFinite(speed) || speed < 0 || speed > 100_000) throw new RangeError('speed must be between 0 and 100000');
  return speed;
}
