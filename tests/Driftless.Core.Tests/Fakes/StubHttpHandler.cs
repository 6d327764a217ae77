using System.Net;

namespace Driftless.Core.Tests.Fakes;

/// <summary>Answers HTTP requests from a queue of responses (or exceptions); records what was asked.</summary>
internal sealed class StubHttpHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, HttpResponseMessage>> _answers = new();

    public List<(HttpMethod Method, Uri Uri, string? Authorization)> Requests { get; } = [];

    /// <summary>When each request arrived, by <see cref="Clock"/>.</summary>
    public List<DateTimeOffset> RequestedAt { get; } = [];

    /// <summary>The clock stamping <see cref="RequestedAt"/> (the stack's fake clock).</summary>
    public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UnixEpoch;

    public StubHttpHandler Answer(HttpStatusCode status, string body = "")
    {
        _answers.Enqueue(_ => new HttpResponseMessage(status) { Content = new StringContent(body) });
        return this;
    }

    public StubHttpHandler Reset()
    {
        _answers.Clear();
        Requests.Clear();
        RequestedAt.Clear();
        return this;
    }

    public StubHttpHandler Refuse()
    {
        _answers.Enqueue(_ => throw new HttpRequestException("Connection refused (127.0.0.1:9)"));
        return this;
    }

    /// <summary>Throws what <paramref name="failure"/> builds from the request (e.g. an exception quoting its URI).</summary>
    public StubHttpHandler Fail(Func<HttpRequestMessage, Exception> failure)
    {
        _answers.Enqueue(request => throw failure(request));
        return this;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add((request.Method, request.RequestUri!, request.Headers.Authorization?.ToString()));
        RequestedAt.Add(Clock());
        var answer = _answers.Count > 1 ? _answers.Dequeue() : _answers.Peek();
        return Task.FromResult(answer(request));
    }
}
