namespace Driftless.IntegrationTests.Support;

/// <summary>Plain HTTP to a port published on 127.0.0.1 (what a client of the service sees; not Driftless's code).</summary>
public static class Http
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(3) })
    {
        Timeout = TimeSpan.FromSeconds(10),
    };

    public static Uri Url(int port, string path) => new($"http://127.0.0.1:{port}{path}");

    public static async Task<(int Status, string Body)> GetAsync(int port, string path)
    {
        using var response = await Client.GetAsync(Url(port, path));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task<(int Status, string Body)> PostAsync(int port, string path)
    {
        using var content = new StringContent("");
        using var response = await Client.PostAsync(Url(port, path), content);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Waits until <c>GET path</c> answers at all (any status): the service is listening.</summary>
    public static async Task WaitUntilServingAsync(int port, string path, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            try
            {
                await GetAsync(port, path);
                return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            catch (TaskCanceledException) when (DateTime.UtcNow < deadline)
            {
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Polls <c>GET path</c> until the body equals <paramref name="expected"/> or the time is up; returns the last body.</summary>
    public static async Task<string> WaitForBodyAsync(int port, string path, string expected, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(5));
        while (true)
        {
            string body;
            try
            {
                body = (await GetAsync(port, path)).Body;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                body = "";
            }

            if (body == expected || DateTime.UtcNow >= deadline)
            {
                return body;
            }

            await Task.Delay(100);
        }
    }
}
