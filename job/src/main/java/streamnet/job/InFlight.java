package streamnet.job;

/**
 * What a worker keeps of its last contribution while the average of it is on its way: the
 * parameters and velocity it sent (delayed mode folds the average in relative to them), or
 * nothing (sync mode adopts the average).
 */
record InFlight(float[] parameters, float[] velocity) {
  static final InFlight ADOPT_ONLY = new InFlight(new float[0], new float[0]);

  /** Whether the sent parameters can be folded out again: present and finite (the averager took them). */
  boolean canFoldIn() {
    return parameters.length > 0 && Finite.all(parameters) && Finite.all(velocity);
  }
}
