namespace Driftless.Configuration;

/// <summary>Calls an event's subscribers one by one: one throwing is reported and the others still run.</summary>
internal static class Subscribers
{
    public static void InvokeEach<THandler>(THandler? handlers, Action<THandler> invoke, Action<Exception> onFailure)
        where THandler : Delegate
    {
        if (handlers is null)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList())
        {
            try
            {
                invoke((THandler)handler);
            }
            catch (Exception ex)
            {
                onFailure(ex);
            }
        }
    }

    public static void InvokeEach<THandler>(IEnumerable<THandler> handlers, Action<THandler> invoke, Action<Exception> onFailure)
    {
        foreach (var handler in handlers)
        {
            try
            {
                invoke(handler);
            }
            catch (Exception ex)
            {
                onFailure(ex);
            }
        }
    }
}
