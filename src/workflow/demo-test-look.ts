// The demo's look at the test season, computed beside the live season: the look's data is read
// (and the look ledgered) before the first reveal changes the warehouse; its walk-forward runs
// on the fold workers while the season runs on the main thread; it is written at the first week
// boundary after it is computed (where the season holds no project lock), and the season's
// lines wait for the look's line, so the output keeps its order.
import { count } from '../util/plural.ts';
import { closePool } from '../util/pool.ts';
import { pct } from './demo-summary.ts';
import { computeEvaluation, writeEvaluation, type ComputedEvaluation, type EvaluateResult, type PreparedEvaluation } from './evaluate.ts';

/** The demo's test look, computed aside: written (and its line said) at the first week boundary after it is computed. */
export class TestLookAside {
  private result: EvaluateResult | null = null;
  private computed = false;
  private readonly held: string[] = [];
  private readonly computing: Promise<ComputedEvaluation>;

  constructor(prepared: PreparedEvaluation, private readonly out: (line: string) => void) {
    this.computing = computeEvaluation(prepared);
    // A failure is thrown where the look is settled (the next week boundary).
    this.computing.then(() => (this.computed = true), () => (this.computed = true));
  }

  /** Say a line after the look's line (held until the look is written). */
  readonly say = (line: string): void => {
    if (this.result) this.out(line);
    else this.held.push(line);
  };

  /** Write the look if it is computed (or, with `wait`, once it is): call only where no project lock is held. */
  async settle(wait: boolean): Promise<EvaluateResult> {
    if (this.result || (!this.computed && !wait)) return this.result!;
    const r = writeEvaluation(await this.computing);
    this.result = r;
    // The last fits of the demo are done (the live season's refits run in this thread): the fold
    // workers end now, their teardown overlapping the season instead of delaying the exit.
    void closePool();
    const ts = r.metrics.find((m) => m.season === 'all' && m.market === 'spread');
    this.out(`test season ${r.season} (one look, ledgered): ${r.id} spread RMSE ${ts?.rmse.toFixed(2)} vs market ${ts?.market_rmse.toFixed(2)}, ${count(ts?.n_bets ?? 0, 'bet')}, hit ${pct(ts?.hit_rate)}, ROI ${pct(ts?.roi)}`);
    for (const line of this.held.splice(0)) this.out(line);
    return r;
  }
}
