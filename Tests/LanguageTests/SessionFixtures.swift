/// Cells that several test files start their sessions from.
enum SessionFixtures {
    /// Two nets trained on the same noisy circles with a validation split: `a` by SGD, `b` by Adam.
    static let twoTrainedNets = """
        seed 1
        data ring = circles n=80 split=0.75
        net a = 2 -> 4 tanh -> 1 sigmoid
        optim sgd lr=0.5
        train 50 every=5
        net b = 2 -> 4 tanh -> 1 sigmoid
        optim adam lr=0.05
        train 50 every=5
        """
}
