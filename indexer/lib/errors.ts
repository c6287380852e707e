/**
 * Something the person running the indexer must fix before it can start (a
 * node that is down, a database holding another chain's data). The message
 * is one line saying what is wrong and what to do; retrying alone does not help.
 */
export class IndexerSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "IndexerSetupError";
  }
}
