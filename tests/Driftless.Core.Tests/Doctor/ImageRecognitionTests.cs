using Driftless.Core.Doctor;

namespace Driftless.Core.Tests.Doctor;

/// <summary>Which images doctor knows a validator for: by the repository's last path component, flavours allowed, other programs not.</summary>
public sealed class ImageRecognitionTests
{
    [Theory]
    [InlineData("caddy", "caddy")]
    [InlineData("caddy:2-alpine", "caddy")]
    [InlineData("caddy/caddy:2.8", "caddy")]
    [InlineData("driftless-test/caddy", "caddy")]
    [InlineData("nginx", "nginx")]
    [InlineData("docker.io/library/nginx:1.27", "nginx")]
    [InlineData("nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "nginx")]
    [InlineData("localhost:5000/nginx:1.27@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "nginx")]
    [InlineData("nginxinc/nginx-unprivileged:1.27-alpine", "nginx")]
    [InlineData("bitnami/nginx", "nginx")]
    [InlineData("prom/prometheus", "prometheus")]
    [InlineData("quay.io/prometheus/prometheus:v3.0.0", "prometheus")]
    [InlineData("haproxy:lts", "haproxy")]
    [InlineData("haproxytech/haproxy-alpine:3.0", "haproxy")]
    [InlineData("haproxytech/haproxy-debian", "haproxy")]
    [InlineData("NGINX:Latest", "nginx")]
    public void Recognise_TheServersImage_WhateverRegistryNamespaceTagOrDigest(string reference, string program) =>
        Assert.Equal(program, WellKnownImage.Recognise(reference)?.Program);

    [Theory]
    [InlineData("nginx/nginx-prometheus-exporter:1.3")]
    [InlineData("my-nginx-exporter")]
    [InlineData("nginxproxy/nginx-proxy")]
    [InlineData("nginx/nginx-ingress")]
    [InlineData("prom/node-exporter")]
    [InlineData("prom/prometheus-linux-amd64-exporter")]
    [InlineData("lucaslorentz/caddy-docker-proxy")]
    [InlineData("caddy/caddy-builder")]
    [InlineData("nginx/unit")]
    [InlineData("nginx-")]
    [InlineData("prometheus/haproxy-exporter")]
    [InlineData("driftless-test/busybox")]
    [InlineData("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("")]
    public void Recognise_OtherPrograms_AndExporters_AreNot(string reference) =>
        Assert.Null(WellKnownImage.Recognise(reference));

    [Theory]
    [InlineData("caddy", "caddy")]
    [InlineData("registry.example.com:5000/team/edge:2.8", "edge")]
    [InlineData("registry.example.com:5000/edge", "edge")]
    [InlineData("edge@sha256:abc", "edge")]
    public void LastComponent_DropsRegistryNamespaceTagAndDigest(string reference, string expected) =>
        Assert.Equal(expected, ImageNames.LastComponent(reference));
}
