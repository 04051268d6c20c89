import org.kmodsim.scenarios.scenario.*;
import org.kmodsim.sim.*;
import java.util.*;
/** Trace digest, steps and outcome of seeds 1..N of every catalogue scenario and era, random and pct:
 * `java -cp JAR load-tests/DigestDump.java 3 > out.txt` with two jars, then cmp (docs/performance.md). */
public class DigestDump {
  public static void main(String[] a) throws Exception {
    int seeds = Integer.parseInt(a[0]);
    String[] eras = {"6.x","4.x","2.6","2.4"};
    for (String name : ScenarioLoader.catalogue()) {
      Scenario s = ScenarioLoader.loadCatalogue(name);
      for (String era : eras) {
        ScenarioRunner r;
        try { r = ScenarioRunner.prepare(s, ScenarioRunner.Options.defaults().withEra(era)); }
        catch (RuntimeException e) { continue; }
        for (long seed = 1; seed <= seeds; seed++) {
          for (StrategySpec st : List.of(StrategySpec.random(), StrategySpec.pct(3, 400))) {
            ScenarioRun run = r.run(seed, st, 0);
            RunResult res = run.result();
            System.out.println(name+" "+era+" "+seed+" "+(st==null?"":st.toString().replaceAll(" ","_"))+" "+res.traceDigest()+" "+res.steps()+" "+run.outcome().name());
          }
        }
      }
    }
    System.exit(0);
  }
}
