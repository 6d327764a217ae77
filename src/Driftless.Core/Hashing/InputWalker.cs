using Driftless.Core.Errors;
using Driftless.Core.Paths;
using Driftless.Core.Registry;

namespace Driftless.Core.Hashing;

/// <summary>
/// Expands inputs into the files to hash, following symlinks. Every path a process could read is hashed
/// (a directory linked twice is hashed under both names), so the walk refuses what would make that unbounded:
/// a symlink loop, a tree nested deeper than <see cref="MaxDepth"/>, and symlinks reaching the same directories
/// over and over (a "diamond", 2^N paths for N levels) beyond <see cref="MaxRevisitedEntries"/> entries
/// (<see cref="WalkLimits"/>: the container side walks within the same bounds).
/// FIFOs, sockets, devices and pseudo-file-system files inside a directory are skipped and reported.
/// </summary>
internal sealed class InputWalker
{
    private const int MaxRevisitedEntries = WalkLimits.MaxRevisitedEntries;

    private const int MaxDepth = WalkLimits.MaxDepth;

    private readonly Dictionary<string, DirectoryEntry[]> _listings = new(StringComparer.Ordinal);
    private readonly List<FileToHash> _files = [];
    private readonly List<SkippedPath> _skipped = [];
    private readonly CancellationToken _ct;

    private InputWalker(CancellationToken ct) => _ct = ct;

    /// <param name="LogicalPath">Absolute path as reached from the input (through any links): what the user sees.</param>
    /// <param name="ReadPath">Where the bytes are read from.</param>
    /// <param name="Length">Size at enumeration time.</param>
    internal readonly record struct FileToHash(string LogicalPath, string ReadPath, long Length);

    /// <param name="LogicalPath">Absolute path as reached from the input.</param>
    /// <param name="Reason">Why it is not hashed.</param>
    internal readonly record struct SkippedPath(string LogicalPath, string Reason);

    public static (List<FileToHash> Files, List<SkippedPath> Skipped) Expand(IReadOnlyList<InputSpec> inputs, CancellationToken ct)
    {
        var walker = new InputWalker(ct);
        foreach (var input in inputs)
        {
            ct.ThrowIfCancellationRequested();
            walker.Add(input);
        }

        return (walker._files, walker._skipped);
    }

    private void Add(InputSpec input)
    {
        var logical = Path.GetFullPath(input.FullPath);
        if (Directory.Exists(logical))
        {
            new InputWalk(this, input).Walk(logical, RealPath.Resolve(logical), depth: 0);
        }
        else if (File.Exists(logical))
        {
            if (UnixFileStat.TryGet(logical, followSymlinks: true, out var status) && status.IsSpecial)
            {
                throw new DriftlessException(ErrorKind.InvalidInput, $"input '{input.Declared}' is a {status.TypeName}, not a regular file: {logical}");
            }

            _files.Add(new FileToHash(logical, logical, new FileInfo(logical).Length));
        }
        else
        {
            throw new DriftlessException(ErrorKind.InvalidInput, $"input '{input.Declared}' does not exist: {logical}");
        }
    }

    /// <summary>A directory's entries, read once per real directory however many paths reach it.</summary>
    private DirectoryEntry[] Listing(string realDirectory, string logicalDirectory)
    {
        if (!_listings.TryGetValue(realDirectory, out var entries))
        {
            entries = DirectoryEntry.List(realDirectory, logicalDirectory);
            _listings[realDirectory] = entries;
        }

        return entries;
    }

    /// <summary>One directory input's walk: the directories it reached, and how many entries it walked twice.</summary>
    private sealed class InputWalk(InputWalker walker, InputSpec input)
    {
        private readonly Dictionary<string, string> _firstReachedAs = new(StringComparer.Ordinal);
        private readonly HashSet<string> _ancestors = new(StringComparer.Ordinal);
        private int _revisited;
        private (string Real, string First, string Again)? _firstRevisit;

        public void Walk(string logicalDirectory, string realDirectory, int depth)
        {
            walker._ct.ThrowIfCancellationRequested();
            if (depth >= MaxDepth)
            {
                throw new DriftlessException(
                    ErrorKind.InvalidInput,
                    $"input '{input.Declared}' is nested more than {MaxDepth} levels deep: {logicalDirectory}");
            }

            var again = !_firstReachedAs.TryAdd(realDirectory, logicalDirectory);
            if (again)
            {
                _firstRevisit ??= (realDirectory, _firstReachedAs[realDirectory], logicalDirectory);
            }

            _ancestors.Add(realDirectory);
            foreach (var entry in walker.Listing(realDirectory, logicalDirectory))
            {
                if (again && ++_revisited > MaxRevisitedEntries)
                {
                    throw Diamond();
                }

                Visit(Path.Join(logicalDirectory, entry.Name), entry, depth);
            }

            _ancestors.Remove(realDirectory);
        }

        private void Visit(string logical, DirectoryEntry entry, int depth)
        {
            switch (entry.Kind)
            {
                case EntryKind.File:
                    walker._files.Add(new FileToHash(logical, entry.Target, entry.Length));
                    break;
                case EntryKind.Directory when _ancestors.Contains(entry.Target):
                    throw new DriftlessException(ErrorKind.InvalidInput, $"symlink loop: {logical} points back to its ancestor {entry.Target}");
                case EntryKind.Directory:
                    Walk(logical, entry.Target, depth + 1);
                    break;
                case EntryKind.Skipped:
                    walker._skipped.Add(new SkippedPath(logical, entry.Target));
                    break;
                case EntryKind.Dangling:
                    throw new DriftlessException(ErrorKind.InvalidInput, $"dangling symlink: {logical} points to {entry.Target}, which does not exist");
                default:
                    throw new DriftlessException(ErrorKind.InvalidInput, $"symlink loop: {logical}");
            }
        }

        private DriftlessException Diamond()
        {
            var (real, first, again) = _firstRevisit!.Value;
            return new DriftlessException(
                ErrorKind.InvalidInput,
                $"input '{input.Declared}': symlinks reach the same directories again and again (more than {MaxRevisitedEntries} entries "
                + $"walked a second time; {real} is reached as {first} and as {again}): link each directory once, or list the real directories as inputs");
        }
    }
}
