// Agent tests start real containers and real listeners: one test class at a time keeps the 2-core machines calm.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
