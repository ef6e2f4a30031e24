/**
 * What the generator found wrong in the catalogue. The catalogue is community data: an entry that cannot
 * be read as it stands is read the nearest sensible way (or skipped) and reported here by operation and
 * field, so one bad entry never stops the other 1,154.
 */
export interface Problem {
  /** `GET v3/pay/transactions/jsapi` */
  readonly operation: string;
  /** Where in the operation: `body/amount/total`, `query/limit`, `responses/200`. */
  readonly where: string;
  readonly issue: string;
}

export class Problems {
  readonly #list: Problem[] = [];

  add(operation: string, where: string, issue: string): void {
    this.#list.push({ operation, where, issue });
  }

  get list(): readonly Problem[] {
    return this.#list;
  }

  /** One line per problem, then the count: what `npm run endpoints` prints. */
  report(): string {
    const lines = this.#list.map((p) => `  ${p.operation} · ${p.where}: ${p.issue}`);
    const operations = new Set(this.#list.map((p) => p.operation)).size;
    return [...lines, `${this.#list.length} problem(s) in ${operations} catalogue entr${operations === 1 ? 'y' : 'ies'}, read as noted above.`].join('\n');
  }
}
