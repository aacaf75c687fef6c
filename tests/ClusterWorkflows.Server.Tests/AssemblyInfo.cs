// The servers of these tests execute real runs with their own workers; running classes in parallel
// on 2 cores only makes their deadlines flaky.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// Servers, signals and file modes of these tests are Linux's (the product runs on Linux hosts).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
