package streamnet.job;

import java.util.ArrayList;
import java.util.List;
import streamnet.network.data.Dataset;
import streamnet.record.Example;
import streamnet.record.Split;

/**
 * The validation and test sets as the reference topics deliver them. They are not checkpointed:
 * the reference source reads its topics again after every restore, so the averager evaluates
 * nothing until they are complete.
 */
final class ReferenceSets {
  private final int classes;
  private final List<Example> validationExamples = new ArrayList<>();
  private final List<Example> testExamples = new ArrayList<>();
  private Dataset validation;
  private Dataset test;
  private boolean complete;

  ReferenceSets(int classes) {
    this.classes = classes;
  }

  void add(Example example) {
    if (example.split() == Split.VALIDATION) {
      validationExamples.add(example);
    } else if (example.split() == Split.TEST) {
      testExamples.add(example);
    }
  }

  void markComplete() {
    complete = true;
  }

  boolean isComplete() {
    return complete;
  }

  Dataset validation() {
    if (validation == null) {
      validation = dataset(validationExamples);
    }
    return validation;
  }

  Dataset test() {
    if (test == null) {
      test = dataset(testExamples);
    }
    return test;
  }

  private Dataset dataset(List<Example> examples) {
    float[][] images = new float[examples.size()][];
    int[] labels = new int[examples.size()];
    for (int i = 0; i < images.length; i++) {
      images[i] = examples.get(i).image();
      labels[i] = examples.get(i).label();
    }
    return new Dataset(images, labels, classes);
  }
}
