// Real listeners (Kestrel) and inotify watches: one test class at a time keeps the 2-core machines calm.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
