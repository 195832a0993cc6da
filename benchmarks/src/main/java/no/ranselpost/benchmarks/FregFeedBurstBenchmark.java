package no.ranselpost.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import no.ranselpost.audit.api.Actor;
import no.ranselpost.persistence.testing.TestDatabase;
import no.ranselpost.registry.api.ImportRun;
import no.ranselpost.registry.freg.internal.FakeFreg;
import no.ranselpost.registry.freg.internal.FregSource;
import no.ranselpost.registry.freg.internal.Population;

/**
 * A burst of 200 000 FREG feed events (smoke: 2 000) after the snapshot of a kommune of 20 000
 * children (smoke: 200), 10 % of them about followed children or their holders (a tenth of
 * those children moved before the burst), the rest about people Ranselpost does not follow;
 * then the same burst again from its first sequence number. The replay must change nothing
 * (the run fails otherwise). Baseline: the first burst; the ratio is the replay's events per
 * second over the first's.
 */
public final class FregFeedBurstBenchmark implements Benchmark {

    @Override
    public String id() {
        return "import-freg-feed-burst";
    }

    @Override
    public String title() {
        return "FREG feed burst (10 % about followed people), then the same burst again (events/s)";
    }

    @Override
    public List<LoadRun.Result> run(Context context) throws Exception {
        boolean smoke = context.settings().smoke();
        int children = Integer.getInteger("benchmark.burst.children", smoke ? 200 : 20_000);
        int events = Integer.getInteger("benchmark.burst.events", smoke ? 2_000 : 200_000);
        ImportProduct.Kommune kommune = ImportProduct.Kommune.of(children, Math.max(1, children / 300));
        TestDatabase db = ImportRows.database();
        try (FakeFreg fake = new FakeFreg().validating(false)) {
            ImportProduct product = new ImportProduct(db);
            kommune.enrol(db, product.clock.today());
            kommune.describe(fake);
            product.freg(fake);
            ImportProduct.requireClean(product.engine.runAsJob("freg", Actor.systemJob("benchmark")), "The snapshot before the burst");

            // the burst: every tenth event about a followed child or one of its holders, the rest about strangers
            Random random = new Random(4);
            Population pop = new Population(fake);
            ImportRows.Ids strangers = new ImportRows.Ids();
            for (int i = 0; i < 200_000; i++) {
                strangers.adult(); // past the kommune's own numbers
            }
            List<Integer> moved = new ArrayList<>();
            for (int i = 0; i < children / 10; i++) {
                int c = random.nextInt(children);
                moved.add(c);
                pop.address(pop.doc(kommune.children().get(c)), "Flytteveien", Integer.toString(1 + i % 90), null);
            }
            long first = fake.nextSequence();
            int followed = 0;
            for (int i = 0; i < events; i++) {
                if (i % 10 == 0) {
                    int c = i / 10 < moved.size() ? moved.get(i / 10) : random.nextInt(children);
                    List<String> holders = kommune.holders().get(c);
                    int who = random.nextInt(1 + holders.size());
                    fake.event(who == 0 ? "flytting" : "endringINavn", who == 0 ? kommune.children().get(c) : holders.get(who - 1));
                    followed++;
                } else {
                    fake.event("flytting", strangers.adult());
                }
            }
            System.out.println("[benchmark] import-freg-feed-burst: " + events + " events (" + followed + " about followed people), "
                    + children + " children followed");
            long t0 = System.nanoTime();
            ImportRun one = product.engine.runAsJob("freg", Actor.systemJob("benchmark"));
            long firstNs = System.nanoTime() - t0;
            ImportProduct.requireClean(one, "The burst");
            long after = Long.parseLong(product.state.get("freg", FregSource.NEXT_SEQ).orElseThrow());
            // the same burst again, from its first event
            product.state.put("freg", FregSource.NEXT_SEQ, Long.toString(first));
            t0 = System.nanoTime();
            ImportRun two = product.engine.runAsJob("freg", Actor.systemJob("benchmark"));
            long secondNs = System.nanoTime() - t0;
            ImportProduct.requireClean(two, "The replayed burst");
            long afterReplay = Long.parseLong(product.state.get("freg", FregSource.NEXT_SEQ).orElseThrow());
            System.out.println("[benchmark] import-freg-feed-burst: first " + firstNs / 1_000_000 + " ms (updated " + one.updated()
                    + ", unchanged " + one.unchanged() + "), replay " + secondNs / 1_000_000 + " ms (created " + two.created() + ", updated "
                    + two.updated() + ", ended " + two.ended() + ", unchanged " + two.unchanged() + "); position " + after + " / " + afterReplay);
            if (two.created() + two.updated() + two.ended() > 0 || after != first + events || afterReplay != after || one.updated() == 0) {
                throw new IllegalStateException("The replayed burst changed something or the position is wrong: " + two + ", position "
                        + after + " then " + afterReplay + ", expected " + (first + events));
            }
            String what = events + " events, " + followed + " about followed people";
            return List.of(ImportProduct.result("first burst (" + one.updated() + " updated)", what, events, firstNs),
                    ImportProduct.result("same burst again (changes nothing)", what, events, secondNs));
        } finally {
            ImportRows.drop(db);
        }
    }
}
