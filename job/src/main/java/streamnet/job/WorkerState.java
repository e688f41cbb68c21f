package streamnet.job;

import java.util.List;
import streamnet.record.Example;

/**
 * A worker's checkpointed state: its phase, the (generation, version) it follows, whether its
 * input ended, RNG state and η, replica parameters and velocity, the contribution in flight (null
 * when none), the mini-batches trained since the model it follows (the staleness the delayed mode
 * bounds), the work trained since its last contribution (with its prequential counts), the partial
 * mini-batch and the buffered examples. {@link WorkerStateSerializer} writes it.
 */
public record WorkerState(
    Worker.Phase phase,
    int generation,
    long version,
    boolean inputEnded,
    long rngState,
    double eta,
    float[] parameters,
    float[] velocity,
    InFlight inFlight,
    long miniBatchesPastModel,
    int unsentBatches,
    long unsentExamples,
    double unsentCostSum,
    long unsentCorrect,
    double unsentPrequentialCostSum,
    long unsentPrequentialCorrect,
    List<Example> batch,
    List<Example> buffered) {}
