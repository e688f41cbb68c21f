package streamnet.network.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The book's learning-curve figures as PNG files: accuracy and cost against epoch, training and
 * validation, and the prequential figures (over each epoch and over the sliding window at its end)
 * when the run measured them.
 */
public final class LearningCurves {
  private LearningCurves() {}

  /** Writes {@code accuracy.png} and {@code cost.png} into {@code dir}; returns their paths. */
  public static List<Path> write(List<EpochMetrics> history, Path dir, String title)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    Files.createDirectories(dir);
    Path accuracy = dir.resolve("accuracy.png");
    Path cost = dir.resolve("cost.png");
    XYChart accuracyChart = chart(title + ": accuracy", "accuracy (%)");
    addSeries(accuracyChart, "training", history, m -> 100 * m.trainingAccuracy());
    addSeries(accuracyChart, "validation", history, m -> 100 * m.validationAccuracy());
    if (measuredPrequential(history)) {
      addSeries(accuracyChart, "prequential", history, m -> 100 * m.prequential().accuracy());
      addSeries(accuracyChart, "prequential, sliding window", history, m -> 100 * m.prequential().slidingAccuracy());
    }
    BitmapEncoder.saveBitmap(accuracyChart, accuracy.toString(), BitmapEncoder.BitmapFormat.PNG);
    XYChart costChart = chart(title + ": cost", "cost");
    addSeries(costChart, "training", history, EpochMetrics::trainingCost);
    addSeries(costChart, "validation", history, EpochMetrics::validationCost);
    if (measuredPrequential(history)) {
      addSeries(costChart, "prequential", history, m -> m.prequential().cost());
      addSeries(costChart, "prequential, sliding window", history, m -> m.prequential().slidingCost());
    }
    BitmapEncoder.saveBitmap(costChart, cost.toString(), BitmapEncoder.BitmapFormat.PNG);
    return List.of(accuracy, cost);
  }

  /** Whether every epoch has prequential figures (metrics files from before them have none). */
  private static boolean measuredPrequential(List<EpochMetrics> history) {
    return history.stream().allMatch(m -> m.prequential().measured());
  }

  private static XYChart chart(String title, String yAxis) {
    return new XYChartBuilder()
        .width(800)
        .height(500)
        .title(title)
        .xAxisTitle("epoch")
        .yAxisTitle(yAxis)
        .build();
  }

  private static void addSeries(
      XYChart chart, String name, List<EpochMetrics> history, ToDoubleFunction<EpochMetrics> value) {
    double[] epochs = history.stream().mapToDouble(EpochMetrics::epoch).toArray();
    double[] values = history.stream().mapToDouble(value).toArray();
    chart.addSeries(name, epochs, values).setMarker(SeriesMarkers.NONE);
  }
}
