import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A live run through one drift, from its metrics.jsonl: the prequential accuracy of each window
 * and of the sliding window at its end, the validation accuracy (the pre-drift reference), a
 * vertical line where the producer began to drift and a marker on every window whose line reports
 * a detection. Also prints each window's line as a table row.
 *
 * <pre>
 * java -cp "cli/target/classes:$(cat cli/target/classpath.txt)" bench/DriftPlot.java METRICS DRIFT_AFTER OUT.png TITLE
 * </pre>
 */
public class DriftPlot {
  public static void main(String[] args) throws Exception {
    Path metrics = Path.of(args[0]);
    double driftAfter = Double.parseDouble(args[1]) / 1000;
    Path out = Path.of(args[2]);
    String title = args[3];
    ObjectMapper json = new ObjectMapper();
    List<Double> examples = new ArrayList<>();
    List<Double> prequential = new ArrayList<>();
    List<Double> sliding = new ArrayList<>();
    List<Double> validation = new ArrayList<>();
    List<Double> detectedAt = new ArrayList<>();
    List<Double> detectedAccuracy = new ArrayList<>();
    System.out.println("| window | examples | prequential | sliding | validation | η | drift |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
    for (String line : Files.readAllLines(metrics)) {
      JsonNode m = json.readTree(line);
      if (!m.has("epoch") || !m.has("prequential_accuracy")) {
        continue;
      }
      double thousands = m.get("examples").asDouble() / 1000;
      examples.add(thousands);
      prequential.add(100 * m.get("prequential_accuracy").asDouble());
      sliding.add(100 * m.get("prequential_sliding_accuracy").asDouble());
      validation.add(100 * m.get("validation_accuracy").asDouble());
      if (m.get("drift").asInt() > 0) {
        detectedAt.add(thousands);
        detectedAccuracy.add(100 * m.get("prequential_sliding_accuracy").asDouble());
      }
      System.out.printf("| %d | %,d | %.2f %% | %.2f %% | %.2f %% | %.4f | %d |%n", m.get("epoch").asInt(),
          m.get("examples").asLong(), 100 * m.get("prequential_accuracy").asDouble(),
          100 * m.get("prequential_sliding_accuracy").asDouble(), 100 * m.get("validation_accuracy").asDouble(),
          m.get("eta").asDouble(), m.get("drift").asInt());
    }
    System.setProperty("java.awt.headless", "true");
    XYChart chart = new XYChartBuilder().width(900).height(500).title(title)
        .xAxisTitle("training examples (thousands)").yAxisTitle("accuracy (%)").build();
    line(chart, "prequential (window)", examples, prequential);
    line(chart, "prequential (sliding window)", examples, sliding);
    line(chart, "validation (pre-drift reference)", examples, validation);
    XYSeries drift = chart.addSeries("producer drifts from here", List.of(driftAfter, driftAfter), List.of(0.0, 100.0));
    drift.setMarker(SeriesMarkers.NONE);
    if (!detectedAt.isEmpty()) {
      XYSeries detected = chart.addSeries("window reporting a detected drift", detectedAt, detectedAccuracy);
      detected.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      detected.setMarker(SeriesMarkers.DIAMOND);
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    BitmapEncoder.saveBitmap(chart, out.toString(), BitmapEncoder.BitmapFormat.PNG);
    System.out.println("wrote " + out);
  }

  private static void line(XYChart chart, String name, List<Double> x, List<Double> y) {
    chart.addSeries(name, x, y).setMarker(SeriesMarkers.NONE);
  }
}
