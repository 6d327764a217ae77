global using Driftless.Configuration.Tests.Support;
