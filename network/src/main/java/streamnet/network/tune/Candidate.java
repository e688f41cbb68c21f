package streamnet.network.tune;

/** One point of a {@link SearchSpace}: learning rate, regularization strength, hidden neurons. */
public record Candidate(double eta, double lambda, int hidden) {}
