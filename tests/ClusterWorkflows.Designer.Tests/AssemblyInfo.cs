// One server and one browser for all tests (DesignerFixture); tests run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
