/// The version of Stepwise, printed by `stepwise --version` and stamped into outputs.
public enum StepwiseVersion {
    public static let string = "0.1.0"
}
