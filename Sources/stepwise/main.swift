import StepwiseCLI

StepwiseCommand.main()
