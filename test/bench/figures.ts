// A benchmark's figures: each printed as it is measured, then all of them as the one JSON line
// every benchmark ends with ({"bench":…,"figures":[{"name","value","unit","target"}]}).
export interface Figure {
  name: string;
  value: number;
  unit: string;
  target: string;
}

export class Figures {
  readonly all: Figure[] = [];
  readonly #width: number;

  constructor(width = 48) {
    this.#width = width;
  }

  report(name: string, value: number, unit: string, target = 'none'): void {
    const rounded = Math.round(value * 100) / 100;
    this.all.push({ name, value: rounded, unit, target });
    console.log(`${name.padEnd(this.#width)} ${String(rounded).padStart(10)} ${unit.padEnd(3)} target ${target}`);
  }

  /** The closing JSON line. */
  line(bench: string): string {
    return JSON.stringify({ bench, figures: this.all });
  }
}
