// Every test here drives a real multi-host lab: two at once would compete for the machine's 2 cores
// and make the timings (and the timeouts) meaningless.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
