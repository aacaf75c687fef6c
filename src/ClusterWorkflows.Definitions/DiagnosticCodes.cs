namespace ClusterWorkflows.Definitions;

/// <summary>
/// The stable codes of <see cref="Diagnostic"/>. Tools, tests and the docs match on these, so a code
/// is never renamed; new problems get new codes.
/// </summary>
public static class DiagnosticCodes
{
    // Reading the text.
    public const string FileUnreadable = "file.unreadable";
    public const string FileUnsupported = "file.unsupported-extension";
    public const string YamlSyntax = "yaml.syntax";
    public const string YamlDuplicateKey = "yaml.duplicate-key";
    public const string YamlEmpty = "yaml.empty";
    public const string YamlMultipleDocuments = "yaml.multiple-documents";
    public const string YamlLimit = "yaml.limit";
    public const string FileTooLarge = "file.too-large";

    // Shape: what the model cannot hold.
    public const string UnknownKey = "key.unknown";
    public const string MissingKey = "key.missing";
    public const string WrongType = "value.wrong-type";
    public const string InvalidValue = "value.invalid";
    public const string InvalidDuration = "duration.invalid";

    // The workflow itself.
    public const string InvalidWorkflowId = "definition.invalid-id";
    public const string InvalidVersion = "definition.invalid-version";
    public const string DuplicateDefinition = "definition.duplicate";
    public const string InvalidOutputName = "output.invalid-name";
    public const string InvalidInputName = "input.invalid-name";
    public const string InputDefaultType = "input.default-type";
    public const string InputDefaultNotAllowed = "input.default-not-allowed";
    public const string InputAllowedType = "input.allowed-type";
    public const string InputSecretDefault = "input.secret-default";

    // Triggers.
    public const string TriggerKind = "trigger.kind";
    public const string InvalidCron = "trigger.invalid-cron";
    public const string UnknownTimeZone = "trigger.unknown-timezone";
    public const string TriggerUnknownInput = "trigger.unknown-input";
    public const string TriggerMissingInput = "trigger.missing-input";
    public const string TriggerInputValue = "trigger.invalid-input";
    public const string InvalidHttpPath = "trigger.invalid-path";
    public const string InvalidHttpMethod = "trigger.invalid-method";

    // Steps.
    public const string MissingKind = "step.missing-kind";
    public const string MultipleKinds = "step.multiple-kinds";
    public const string InvalidStepId = "step.invalid-id";
    public const string DuplicateStepId = "step.duplicate-id";
    public const string EmptyStepList = "step.empty-list";
    public const string InvalidTimeout = "step.invalid-timeout";
    public const string InvalidUses = "step.invalid-uses";
    public const string UnknownActivity = "step.unknown-activity";
    public const string UnknownActivityVersion = "step.unknown-version";
    public const string UnknownWithInput = "with.unknown-input";
    public const string MissingWithInput = "with.missing-input";
    public const string InvalidWithValue = "with.invalid-value";
    public const string LiteralSecret = "with.literal-secret";
    public const string InvalidRetry = "retry.invalid";
    public const string ForEachItems = "foreach.invalid-items";
    public const string ForEachAs = "foreach.invalid-as";
    public const string ForEachConcurrency = "foreach.invalid-concurrency";
    public const string ForEachSerial = "foreach.invalid-serial";
    public const string ForEachMaxFail = "foreach.invalid-max-fail";
    public const string TryWithoutHandler = "try.missing-handler";
    public const string SwitchWithoutCases = "switch.no-cases";
    public const string ApprovalMinApprovals = "approval.invalid-min-approvals";
    public const string InvalidDelay = "delay.invalid";
    public const string InvalidWaitUntil = "wait-until.invalid";
    public const string CallInvalidWorkflow = "call.invalid-workflow";
    public const string CallInvalidVersion = "call.invalid-version";
    public const string CallUnknownWorkflow = "call.unknown-workflow";
    public const string CallCycle = "call.cycle";

    // Expressions.
    public const string ExpressionSyntax = "expression.syntax";
    public const string ExpressionNotSingle = "expression.not-single";
    public const string UnknownName = "expression.unknown-name";
    public const string UnknownInputReference = "expression.unknown-input";
    public const string UnknownStepReference = "expression.unknown-step";
    public const string StepNotAvailable = "expression.step-not-available";
    public const string UnknownOutput = "expression.unknown-output";
    public const string LoopVariableOutsideForEach = "expression.loop-variable-outside-foreach";
    public const string RootNotAvailable = "expression.not-available";
}
