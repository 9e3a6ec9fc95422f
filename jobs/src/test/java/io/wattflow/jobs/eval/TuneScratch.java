package io.wattflow.jobs.eval;

import io.wattflow.operators.changepoint.*;
import io.wattflow.replay.*;
import java.nio.file.Path;
import java.util.List;

public class TuneScratch {
    public static void main(String[] a) throws Exception {
        Path dir = Datasets.dataset("redd-house5").get();
        ReddHouseReader r = new ReddHouseReader(dir, "redd");
        List<String> names = r.channelNames();
        List<ChannelSample> samples = r.readAll();
        List<TruthEvent> truth = EventEvaluation.truth(samples, names);
        EventSignatures sig = new EventSignatures(15_000, 5_000, 8, 30, 5_000);
        for (double tol : new double[]{10, 15, 20, 25}) for (int ms : new int[]{2, 3}) { EventScore s = EventEvaluation.score(new SteadyStateEdgeDetector(tol, 0, ms, 30), sig, samples, truth); System.out.printf("edge tol %.0f ms %d: P %.3f R %.3f F1 %.3f FP/h %.2f%n", tol, ms, s.precision(), s.recall(), s.f1(), s.falsePerHour()); }
        for (double drift : new double[]{8, 12, 20}) for (double th : new double[]{30, 45, 60, 90}) for (double rel : new double[]{0, 0.02}) for (int hold : new int[]{1, 2, 4}) {
            EventScore s = EventEvaluation.score(new CusumDetector(drift, th, rel, hold), sig, samples, truth);
            if (s.f1() > 0.8) System.out.printf("cusum drift %.0f th %.0f rel %.2f hold %d: P %.3f R %.3f F1 %.3f FP/h %.2f%n", drift, th, rel, hold, s.precision(), s.recall(), s.f1(), s.falsePerHour());
        }
        for (double run : new double[]{100, 1000}) for (double sigma : new double[]{15, 40, 80}) for (double k0 : new double[]{0.01, 0.1}) for (long sep : new long[]{3000, 10000}) {
            EventScore s = EventEvaluation.score(new BocpdDetector(run, sigma, k0, 1e-5, 32, sep), sig, samples, truth);
            System.out.printf("bocpd run %.0f sigma %.0f k0 %.2f sep %d: P %.3f R %.3f F1 %.3f FP/h %.2f%n", run, sigma, k0, sep, s.precision(), s.recall(), s.f1(), s.falsePerHour());
        }
        EventScore s = EventEvaluation.score(SteadyStateEdgeDetector.defaults(), EventSignatures.defaults(), samples, truth);
        s.byCircuit.forEach((c, v) -> System.out.printf("  %-30s %4d %4d %.2f%n", c, v[0], v[1], v[1] / (double) v[0]));
    }
}
